"""Bearer tokens for /scim/v2/: made at random, shown once, kept only as a SHA-256
digest, revocable, several at once (to rotate one without a gap)."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.utils import timezone

from ..models import ScimToken

PREFIX = "scim_"  # so that a leaked token is recognised for what it is
NOTE_USE_EVERY = timedelta(minutes=1)


def digest(token: str) -> str:
    # A plain hash suffices: the token is 256 random bits, not a password to guess.
    return hashlib.sha256(token.encode()).hexdigest()


def create(name: str, created_by=None) -> tuple[ScimToken, str]:
    """A new token and the only copy of its secret."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(name=name, digest=digest(secret), created_by=created_by)
    return token, secret


def authenticate(authorization: str) -> ScimToken | None:
    """The valid token an `Authorization: Bearer …` header carries, or None."""
    scheme, _, secret = authorization.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        return None
    wanted = digest(secret)
    token = ScimToken.objects.filter(digest=wanted, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.digest, wanted):
        return None
    return token


def note_use(token: ScimToken) -> None:
    """When it was last used, to the minute (not a write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > NOTE_USE_EVERY:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)


def revoke(tokens) -> int:
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
