"""How many requests a token, or an address without one, may send per minute. Counted
in the shared cache, so every app server counts together."""

import time

from django.core.cache import cache

WINDOW = 60  # seconds


def exceeded(key: str, per_minute: int) -> bool:
    """Count one more request for `key`; whether that is more than it may send."""
    name = f"scim-rate:{key}:{minute()}"
    try:
        count = cache.incr(name)  # the common case: the minute's counter exists
    except ValueError:
        count = 1 if cache.add(name, 1, 2 * WINDOW) else cache.incr(name)
    return count > per_minute


def minute() -> int:
    return int(time.time() // WINDOW)
