"""What proving an address does to an account (connected in accounts/apps.py).

Whoever signed up before the address was proved may have chosen a password; unless the
proof came in that very session, the owner proving it is someone else, so the password
goes. An account that single sign-on signs in never keeps a password either."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Exists, OuterRef

from directory import matching

from .models import User

SIGNED_UP_HERE = "accounts.signed_up_here"


def remember_who_signed_up(sender, request, user, **kwargs):
    request.session[SIGNED_UP_HERE] = user.pk


def discard_a_password_chosen_before_the_proof(sender, request, email_address, **kwargs):
    user = email_address.user
    chosen_here = request is not None and request.session.get(SIGNED_UP_HERE) == user.pk
    if user.has_usable_password() and not chosen_here:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    matching.match(user)


def vouched_for(sociallogin) -> bool:
    """Whether the identity provider vouches for the address it signs in: it says so
    (`email_verified`), or the operator trusts its addresses (OIDC_TRUST_UNVERIFIED_EMAIL,
    for Entra ID, which leaves the claim out)."""
    if settings.OIDC_TRUST_UNVERIFIED_EMAIL:
        return True
    email = (sociallogin.user.email or "").lower()
    return bool(email) and any(
        address.verified and address.email.lower() == email
        for address in sociallogin.email_addresses
    )


def sso_accounts_keep_no_password(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is None:
        return
    if user.email and vouched_for(sociallogin):
        mark_proved(user, user.email, sso=True)
    elif user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])


def mark_proved(user, email, *, sso=False):
    """`email` is `user`'s, proved by SSO or an invitation: the address counts, a password
    chosen before the proof goes (and under SSO any password), the staff-list row is
    linked."""
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email=email.lower(), defaults={"primary": True}
    )
    newly_proved = not address.verified
    if newly_proved:
        address.verified = True
        address.save(update_fields=["verified"])
    if (sso or newly_proved) and user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    matching.match(user)


def members():
    """Everyone the checklist is for: every active account whose owner proved the address
    (by link, code or single sign-on). An address typed by someone else counts nowhere."""
    proved = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return User.objects.filter(Exists(proved), is_active=True)
