"""Personal invitations for colleagues on the staff list: one link that signs them in,
proves their address and opens their checklist. It works once, for INVITATION_DAYS."""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from guide import progress

from . import proof
from .mail import refuse_without_a_real_backend
from .models import Colleague, User

SALT = "accounts.invitation"
OPT_OUT_SALT = "accounts.invitation.opt-out"
INVITATION_DAYS = 14


def token(colleague):
    return signing.dumps([colleague.pk, colleague.invitation_nonce], salt=SALT)


def colleague_from_token(value):
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


def opt_out_token(colleague):
    return signing.dumps(colleague.pk, salt=OPT_OUT_SALT)


def colleague_from_opt_out_token(value):
    try:
        pk = signing.loads(value, salt=OPT_OUT_SALT, max_age=datetime.timedelta(days=180))
    except signing.BadSignature:
        return None
    return Colleague.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def accept(colleague):
    """Use the invitation: the colleague's account, with the address proved; None when the
    link was spent a moment ago (two presses at once) or belongs to a staff account, which
    signs in only as colleagues do otherwise. The link works once."""
    from django.db import transaction

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


def not_started(guide):
    """Active colleagues who have not started this guide (or have no account yet)."""
    return Colleague.objects.filter(active=True, opted_out=False).exclude(
        user__in=progress.started_users(guide)
    )


def due(guide, *, department=None, country=None, again=False):
    colleagues = not_started(guide)
    if department:
        colleagues = colleagues.filter(department__iexact=department)
    if country:
        colleagues = colleagues.filter(country__iexact=country)
    if not again:
        colleagues = colleagues.filter(invited_at__isnull=True)
    return colleagues.exclude(user__reminders_enabled=False).order_by("email")


def due_for_reminder(guide, now=None):
    """Invited colleagues with no account yet, last invited longer ago than the reminder
    interval: they get the invitation again, with a fresh link."""
    now = now or timezone.now()
    # Never before the last link has run out: it says it works for INVITATION_DAYS.
    interval = datetime.timedelta(days=max(settings.REMINDER_INTERVAL_DAYS, INVITATION_DAYS))
    return (
        not_started(guide)
        .filter(user__isnull=True, invited_at__lt=now - interval)
        .order_by("email")
    )


def message_for(colleague, guide):
    """The invitation, in the colleague's language from the staff list, else the site's
    (LANGUAGE_CODE): someone who never visited has told us nothing else."""
    with translation.override(colleague.language or settings.LANGUAGE_CODE):
        return _message(colleague, guide)


def _message(colleague, guide):
    base = settings.SITE_URL
    context = {
        "colleague": colleague,
        "guide": guide,
        "link": base + reverse("invitation", args=[token(colleague)]),
        "opt_out_url": base + reverse("invitation_off", args=[opt_out_token(colleague)]),
        "site_name": settings.SITE_NAME,
        "days": INVITATION_DAYS,
    }
    mail = EmailMultiAlternatives(
        subject=_("Two minutes for your privacy: %(guide)s") % {"guide": guide.title},
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[colleague.email],
        headers={
            "List-Unsubscribe": f"<{context['opt_out_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return mail


def send(guide, colleagues, *, dry_run=False, now=None):
    """Invite each colleague: a fresh single-use link, the time it was sent recorded."""
    now = now or timezone.now()
    sent = []
    if not dry_run:
        refuse_without_a_real_backend()
    for colleague in colleagues:
        if not dry_run:
            colleague.invitation_nonce = secrets.token_hex(16)
            colleague.invited_at = now
            colleague.save(update_fields=["invitation_nonce", "invited_at"])
            message_for(colleague, guide).send()
        sent.append(colleague)
    return sent
