"""Reminder e-mails for colleagues who have not finished, and the signed opt-out link."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import language

from . import adoption, progress
from .models import ChecklistItem, Reminder

OPT_OUT_SALT = "guide.reminders.opt-out"


OPT_OUT_MAX_AGE = datetime.timedelta(days=180)


def opt_out_token(user):
    return signing.dumps(user.pk, salt=OPT_OUT_SALT)


def user_pk_from_token(token):
    """The colleague a token was made for. BadSignature when it was tampered with, is
    older than OPT_OUT_MAX_AGE, or holds anything but an account number."""
    pk = signing.loads(token, salt=OPT_OUT_SALT, max_age=OPT_OUT_MAX_AGE)
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise signing.BadSignature("Not an account number.")
    return pk


def due(guide, now=None):
    """Members with something left to do, reachable, not opted out, not reminded lately."""
    now = now or timezone.now()
    required = progress.required_items(guide).count()
    recently = Reminder.objects.filter(
        user=OuterRef("pk"),
        sent_at__gt=now - datetime.timedelta(days=settings.REMINDER_INTERVAL_DAYS),
    )
    return (
        adoption.members_with_progress(guide)
        .filter(progress.needs_reminder_q(required))
        .filter(reminders_enabled=True)
        .exclude(email="")
        .exclude(Exists(recently))
        .select_related("colleague")  # its language, for the mail
        .order_by("pk")
    )


def message_for(user, guide, base_url):
    """The reminder, in the colleague's language."""
    with translation.override(language.for_mail(user)):
        return _message(user, guide, base_url)


def _message(user, guide, base_url):
    opt_out = base_url + reverse("guide:reminders_off", args=[opt_out_token(user)])
    states = progress.states_of_user(user, list(ChecklistItem.objects.for_guide(guide)))
    context = {
        "to_recheck": [s.item for s in states if s.stale],
        "left": [s.item for s in states if not s.reviewed and not s.stale and not s.item.optional],
        "user": user,
        "guide": guide,
        "checklist_url": base_url + reverse("guide:checklist"),
        "opt_out_url": opt_out,
        "site_name": settings.SITE_NAME,
        "stale": user.stale > 0,
    }
    mail = EmailMultiAlternatives(
        subject=_("Reminder: %(guide)s") % {"guide": guide.title},
        body=render_to_string("guide/email/reminder.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{opt_out}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(render_to_string("guide/email/reminder.html", context), "text/html")
    return mail


def send(guide, base_url, *, dry_run=False):
    """Send each due reminder and record it; return the colleagues it went (or would go) to."""
    sent = []
    for user in due(guide):
        if not dry_run:
            message_for(user, guide, base_url).send()
            Reminder.objects.create(user=user)
        sent.append(user)
    return sent
