"""Every mail the champions' side sends — invitations, reminders — built one way, after
healthchecks' hc/lib/emails.py: one template triple per kind of mail
(`champions/email/<kind>-subject.txt`, `-body.txt`, `-body.html`), one rule for its
language, one opt-out link and its List-Unsubscribe headers (RFC 8058).
"""

import datetime
import email.policy

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.links import absolute_url
from directory.models import Colleague

OPT_OUT_SALT = "champions.mail.opt-out"
OPT_OUT_MAX_AGE = datetime.timedelta(days=180)
# Opt-out links in mails sent before there was one kind of mail; they work until they
# expire like the others.
LEGACY_OPT_OUT_SALTS = {"guide.reminders.opt-out": "user", "accounts.invitation.opt-out": "row"}


class Mail(EmailMultiAlternatives):
    """A message whose headers are never folded into encoded words: mail clients offer
    one-click unsubscribe only for a List-Unsubscribe they can read as it is."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def language_for(colleague: Colleague | None = None, user=None) -> str:
    """The one rule for a mail's language: the colleague's own choice on their account,
    else the staff list's language column, else the site's LANGUAGE_CODE."""
    offered = dict(settings.LANGUAGES)
    user = user or getattr(colleague, "user", None)
    colleague = colleague or getattr(user, "colleague", None)
    for choice in (getattr(user, "language", ""), getattr(colleague, "language", "")):
        if choice in offered:
            return choice
    return settings.LANGUAGE_CODE


def build(kind: str, to: str, context: dict, *, language: str, opt_out: str) -> Mail:
    """The mail `kind` to `to`, in `language`, with the opt-out link `opt_out` (an
    absolute address) in its footer and headers."""
    context = {**context, "opt_out_url": opt_out, "site_name": settings.SITE_NAME}
    with translation.override(language):
        subject = render_to_string(f"champions/email/{kind}-subject.txt", context)
        text = render_to_string(f"champions/email/{kind}-body.txt", context)
        html = render_to_string(f"champions/email/{kind}-body.html", context)
    mail = Mail(
        subject=" ".join(subject.split()),  # one line, whatever a guide title holds
        body=text,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{opt_out}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(html, "text/html")
    return mail


# --- The one opt-out ----------------------------------------------------------------------


def opt_out_url(*, colleague: Colleague | None = None, user=None) -> str:
    """The link that stops every mail of ours to this person (a staff-list row or an
    account). It names nobody in the address: a signed number."""
    who = ["row", colleague.pk] if colleague is not None else ["user", user.pk]
    token = signing.dumps(who, salt=OPT_OUT_SALT)
    return absolute_url(reverse("champions:mail_off", args=[token]))


def person_from_token(token: str) -> tuple[str, int]:
    """("row" or "user", pk) from an opt-out token; BadSignature when it was tampered
    with, has expired or holds anything else."""
    for salt, kind in [(OPT_OUT_SALT, None), *LEGACY_OPT_OUT_SALTS.items()]:
        try:
            value = signing.loads(token, salt=salt, max_age=OPT_OUT_MAX_AGE)
        except signing.BadSignature:
            continue
        who = [kind, value] if kind else value
        if (
            isinstance(who, list)
            and len(who) == 2
            and who[0] in {"row", "user"}
            and type(who[1]) is int
        ):
            return who[0], who[1]
        break
    raise signing.BadSignature("Not an opt-out link.")


def stop_mail(kind: str, pk: int) -> bool:
    """No more invitations, reminders or digests to this person, as a staff-list row and
    as an account alike; False when neither exists any more."""
    User = get_user_model()
    rows = Colleague.objects.filter(pk=pk) if kind == "row" else Colleague.objects.filter(user=pk)
    users = User.objects.filter(pk=pk) if kind == "user" else User.objects.filter(colleague__pk=pk)
    if not rows.exists() and not users.exists():
        return False
    rows.update(opted_out=True)
    users.update(reminders_enabled=False)
    return True


def receives_mail(kind: str, pk: int) -> bool | None:
    """Whether mail still goes to this person; None when they are not known here."""
    if kind == "row":
        row = Colleague.objects.filter(pk=pk).select_related("user").first()
        if row is None:
            return None
        return not row.opted_out and (row.user is None or row.user.reminders_enabled)
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        return None
    opted_out_row = Colleague.objects.filter(Q(user=user) & Q(opted_out=True)).exists()
    return user.reminders_enabled and not opted_out_row


def show(mail: Mail) -> str:
    """A mail as its reader would see it, for --dry-run: headers and the plain text."""
    lines = [f"\nThe mail to {mail.to[0]} would read:\n", f"Subject: {mail.subject}"]
    lines += [f"{name}: {value}" for name, value in mail.extra_headers.items()]
    return "\n".join([*lines, "", mail.body])
