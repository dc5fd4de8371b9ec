"""The guide's data, cached in each app server's memory for readers.

Keys carry the content version (raised by every admin save and every `load_guide`) and
the language, so an edit or another language is a new key, never a stale page. Each
process reads the version from the database at most every VERSION_SECONDS: an edit
shows on every app server within that time, and warm anonymous pages run no query.
What differs per request — the CSRF token, the CSP nonce, the colleague's own ticks —
is never cached here.
"""

from django.core.cache import caches
from django.db.models import F
from django.utils.translation import get_language

from .models import ChecklistItem, Guide

VERSION_SECONDS = 3
KEEP_SECONDS = 3600


def store():
    return caches["pages"]


def content_version():
    version = store().get("content-version")
    if version is None:
        version = (
            Guide.objects.order_by("pk").values_list("content_version", flat=True).first() or 0
        )
        store().set("content-version", version, VERSION_SECONDS)
    return version


def content_changed():
    """Call after any change to the guide's content: every page is built anew."""
    Guide.objects.update(content_version=F("content_version") + 1)
    store().delete("content-version")  # this process at once, the others within seconds


def cached(name, build):
    """`build()`'s result under `name`, for this content version and language."""
    key = f"{name}:{content_version()}:{get_language()}"
    found = store().get(key)
    if found is None:
        found = (build(),)  # a tuple, so that a None result is cached too
        store().set(key, found, KEEP_SECONDS)
    return found[0]


def items(guide):
    return cached("items", lambda: list(ChecklistItem.objects.for_guide(guide)))


def current_guide():
    return cached("guide", Guide.objects.current)
