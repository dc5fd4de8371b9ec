"""E-mailed sign-in links that work in whichever browser opens them.

allauth's code lives in the session of the browser that asked for it, so its link fails
anywhere else: in the phone's mail app, or in Edge when Outlook opens links there. The
link in our mail is our own: a signed token naming the account and a nonce kept in the
database (SignInLink), good for ACCOUNT_LOGIN_BY_CODE_TIMEOUT and spent by the first
POST. Its page shows one "Sign in" button, so a mail scanner that opens every link
spends nothing. Using it proves the address just as the code does, through allauth's own
steps (email_confirmed, user_logged_in: the session's ticks follow). The typed code stays
for the browser that asked.
"""

import datetime
import enum
import secrets
from dataclasses import dataclass

from allauth.account.internal.flows.email_verification import verify_email_indirectly
from allauth.account.internal.flows.login import record_authentication
from allauth.account.internal.stagekit import clear_login
from allauth.account.utils import perform_login
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from .models import SignInLink, User

# The page asked for before signing in, kept in the asking session until the mail is built
# (read by account/confirm_login_code.html too).
NEXT_AFTER_SIGN_IN = "next_after_sign_in"
SALT = "accounts.sign_in_link"
# A used or expired link may still ask for a new one for this long (rate-limited like the
# form): it only sends a mail to the address it was made for.
RESEND_DAYS = 7


class State(enum.StrEnum):
    VALID = "valid"
    USED = "used"  # spent, or its owner signed in since
    EXPIRED = "expired"
    INVALID = "invalid"  # not made by this site (or altered): nothing can be read from it
    NOT_ALLOWED = "not_allowed"  # the account or its address may not sign in here (any more)


@dataclass(frozen=True)
class Reading:
    state: State
    user: User | None = None  # whose link it was: a new one can go to their address
    link: SignInLink | None = None  # only while VALID


def timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT)


def new_token(user: User, email: str, next_url: str = "") -> str:
    """A fresh link for `user` to prove `email` (theirs) and sign in; earlier ones stay good
    until used or expired. Saves the row."""
    SignInLink.objects.filter(user=user, created_at__lt=timezone.now() - timeout()).delete()
    nonce = secrets.token_urlsafe(16)
    SignInLink.objects.create(user=user, email=email.lower(), nonce=nonce, next_url=next_url)
    # "pk.nonce:timestamp:signature": short enough for one line of a plain-text mail.
    return signing.TimestampSigner(salt=SALT).sign(f"{user.pk}.{nonce}")


def read(token: str) -> Reading:
    """What the link with this token can do now."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=timeout())
        expired = False
    except signing.SignatureExpired:
        try:
            value = signer.unsign(token, max_age=datetime.timedelta(days=RESEND_DAYS))
        except signing.BadSignature:
            return Reading(State.INVALID)
        expired = True
    except signing.BadSignature:
        return Reading(State.INVALID)
    pk, _, nonce = value.partition(".")
    if not pk.isdigit() or not nonce:
        return Reading(State.INVALID)
    user = User.objects.filter(pk=int(pk)).first()
    if user is None:
        return Reading(State.INVALID)
    if not user.is_active:
        return Reading(State.NOT_ALLOWED, user)
    if expired:
        return Reading(State.EXPIRED, user)
    link = SignInLink.objects.filter(user=user, nonce=nonce).first()
    if link is None:
        return Reading(State.USED, user)
    if link.created_at < timezone.now() - timeout():  # the setting was shortened since
        return Reading(State.EXPIRED, user)
    return Reading(State.VALID, user, link)


def spend(link: SignInLink) -> bool:
    """Use the link up; False when it was used a moment ago (two presses at once)."""
    deleted, _ = SignInLink.objects.filter(pk=link.pk).delete()
    return deleted == 1


def sign_in(request: HttpRequest, link: SignInLink) -> HttpResponse:
    """Sign in with a spent link as allauth signs in with the code: the address is proved
    (email_confirmed), then allauth's login runs (user_logged_in, "Signed in as …")."""
    user, email = link.user, link.email
    clear_login(request)  # a code asked for in this browser is no longer needed
    record_authentication(request, user, method="code", email=email)
    verify_email_indirectly(request, user, email)
    next_url = link.next_url
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse(settings.LOGIN_REDIRECT_URL)
    return perform_login(request, user, redirect_url=next_url, email=email)


def forget_links_of(sender, request, user, **kwargs):
    """Signed in (by link, code or any other way): the links still waiting are not needed,
    and are not kept (connected in accounts/apps.py)."""
    SignInLink.objects.filter(user=user).delete()


def purge_expired(now: datetime.datetime | None = None) -> int:
    deleted, _ = SignInLink.objects.filter(
        created_at__lt=(now or timezone.now()) - timeout()
    ).delete()
    return deleted
