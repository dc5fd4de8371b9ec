from django.contrib.auth import get_user_model
from django.contrib.auth.backends import RemoteUserBackend as DjangoRemoteUserBackend

from . import proof
from .adapter import allowed


class RemoteUserBackend(DjangoRemoteUserBackend):
    """The SSO proxy's colleague: found by address in any letter case, created on the first
    visit, the address counted as proved, and never a password."""

    def clean_username(self, username):
        """The username of the account with this address, in any letter case: the
        middleware compares the session's user with this too, on every request."""
        address = username.strip().lower()
        existing = get_user_model().objects.filter(email__iexact=address).first()
        return existing.username if existing is not None else address

    def authenticate(self, request, remote_user):
        if remote_user and not allowed(remote_user.strip().lower()):
            return None  # outside SIGNUP_ALLOWED_DOMAINS, or not on the staff list
        return super().authenticate(request, remote_user)

    def configure_user(self, request, user, created=True):
        if not user.email:
            user.email = user.username
            user.save(update_fields=["email"])
        proof.mark_proved(user, user.email, sso=True)
        return user
