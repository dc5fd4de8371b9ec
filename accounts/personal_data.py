"""Everything the app keeps about one person: "download my data" and "delete my account".

Identity and the staff list are known here. The layers above (ticks, mails, campaigns)
add their own sections through the `collect` signal, so this module never imports them;
what they keep about a person goes with the account or the staff-list row (CASCADE).
"""

from typing import Any

from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Colleague

from .models import User

# Sent with `user` and `rows` (their staff-list rows); each receiver returns a dict of
# sections to add to the export.
collect = Signal()


def stamp(value) -> str | None:
    return value.isoformat() if value else None


def addresses_of(user: User) -> set[str]:
    """Every address the person is known by here, in lower case."""
    addresses = {user.email.lower(), user.username.lower()} | {
        address.email.lower() for address in user.emailaddress_set.all()
    }
    addresses.discard("")
    return addresses


def staff_list_rows(user: User):
    return Colleague.objects.filter(Q(email__in=addresses_of(user)) | Q(user=user)).distinct()


def export(user: User) -> dict[str, Any]:
    """Everything the app keeps about `user`, as plain data."""
    rows = staff_list_rows(user).order_by("pk")
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": stamp(user.date_joined),
            "last_login": stamp(user.last_login),
            "has_password": user.has_usable_password(),
            "reminders_enabled": user.reminders_enabled,
            "language": user.language,
            "is_staff": user.is_staff,
        },
        "addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.order_by("pk")
        ],
        "single_sign_on": [
            {
                "provider": account.provider,
                "subject": account.uid,
                "date_joined": stamp(account.date_joined),
                "last_login": stamp(account.last_login),
            }
            for account in user.socialaccount_set.order_by("pk")
        ],
        "sessions": [
            {
                "ip": session.ip,
                "user_agent": session.user_agent,
                "created_at": stamp(session.created_at),
                "last_seen_at": stamp(session.last_seen_at),
            }
            for session in UserSession.objects.filter(user=user).order_by("pk")
        ],
        "staff_list": [
            {
                "email": row.email,
                "name": row.name,
                "department": row.department,
                "country": row.country,
                "language": row.language,
                "active": row.active,
                "invited_at": stamp(row.invited_at),
                "invitations_off": row.opted_out,
            }
            for row in rows
        ],
        "sign_in_links": [
            {"email": link.email, "sent_at": stamp(link.created_at)}
            for link in user.sign_in_links.order_by("pk")
        ],
        "sign_in_attempts": _(
            "Not kept per person: rate limits count attempts for a few "
            "minutes under a one-way hash of the address."
        ),
    }
    for _receiver, sections in collect.send(sender=User, user=user, rows=rows):
        data |= sections
    return data


def delete_everything_about(user: User) -> None:
    """The account and every row that names the person, under any spelling: their row on
    the staff list too (a later import of the list adds it again)."""
    addresses = addresses_of(user)
    rows = staff_list_rows(user)
    with transaction.atomic():
        for session in UserSession.objects.filter(user=user):
            session.end()
        about_them = Q(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ) | Q(
            content_type=ContentType.objects.get_for_model(Colleague),
            object_id__in=[str(pk) for pk in rows.values_list("pk", flat=True)],
        )
        for address in addresses:  # entries titled with the address itself
            about_them |= Q(object_repr__iexact=address) | Q(object_repr__iendswith=f"<{address}>")
        LogEntry.objects.filter(about_them).delete()
        Colleague.objects.filter(pk__in=list(rows.values_list("pk", flat=True))).delete()
        # Ticks, mails sent, addresses, SSO links and admin log entries by the person go
        # with the account (on_delete=CASCADE).
        user.delete()
