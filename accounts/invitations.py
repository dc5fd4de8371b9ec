"""Personal invitation links: one link that signs a colleague on the staff list in,
proves their address and opens their checklist. It works once, for INVITATION_DAYS.
Sending them is the champions' (champions/invitations.py); accepting one is here."""

import datetime
import secrets

from django.core import signing
from django.db import transaction

from directory.models import Colleague

from . import proof
from .models import User

SALT = "accounts.invitation"
INVITATION_DAYS = 14


def new_link_token(colleague: Colleague, *, sent_at: datetime.datetime | None = None) -> str:
    """A fresh link for `colleague`; any earlier one stops working. Saves the row (and,
    when it goes out now, when it was sent: one write)."""
    colleague.invitation_nonce = secrets.token_hex(16)
    fields = {"invitation_nonce": colleague.invitation_nonce}
    if sent_at is not None:
        colleague.invited_at = fields["invited_at"] = sent_at
    Colleague.objects.filter(pk=colleague.pk).update(**fields)
    return signing.dumps([colleague.pk, colleague.invitation_nonce], salt=SALT)


def new_links(colleagues: list[Colleague], *, sent_at: datetime.datetime) -> None:
    """Fresh links for many colleagues at once (one write); `token_for` then makes each."""
    for colleague in colleagues:
        colleague.invitation_nonce = secrets.token_hex(16)
        colleague.invited_at = sent_at
    Colleague.objects.bulk_update(colleagues, ["invitation_nonce", "invited_at"], batch_size=200)


def token_for(colleague: Colleague) -> str:
    """The link for the nonce the colleague's row holds now."""
    return signing.dumps([colleague.pk, colleague.invitation_nonce], salt=SALT)


def colleague_from_token(value: str) -> Colleague | None:
    """The active colleague an unused, unexpired invitation was made for, or None."""
    try:
        pk, nonce = signing.loads(
            value, salt=SALT, max_age=datetime.timedelta(days=INVITATION_DAYS)
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(pk, int) or not isinstance(nonce, str) or not nonce:
        return None
    return Colleague.objects.filter(pk=pk, invitation_nonce=nonce, active=True).first()


def accept(colleague: Colleague) -> User | None:
    """Use the invitation: the colleague's account, with the address proved; None when the
    link was spent a moment ago (two presses at once) or belongs to a staff account, which
    signs in only as colleagues do otherwise. The link works once."""
    email = colleague.email.lower()
    with transaction.atomic():
        spent = Colleague.objects.filter(
            pk=colleague.pk, invitation_nonce=colleague.invitation_nonce
        ).exclude(invitation_nonce="")
        if not spent.update(invitation_nonce=""):
            return None
        user = colleague.user or User.objects.filter(email__iexact=email).first()
        if user is not None and (user.is_staff or user.is_superuser):
            return None
        if user is None:
            user = User(username=email, email=email)
            user.set_unusable_password()
            user.save()
        proof.mark_proved(user, email)
        # The row the link was made for, unless the account is on another one already.
        if colleague.user_id is None and not Colleague.objects.filter(user=user).exists():
            Colleague.objects.filter(pk=colleague.pk).update(user=user)
    return user
