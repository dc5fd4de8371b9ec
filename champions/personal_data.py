"""What the champions' side keeps about a colleague, for "download my data": every mail
sent to them and the campaigns they are in. (Both go with the account or the staff-list
row when they delete their account.)"""

from django.db.models import Q

from .models import Mail, Membership


def stamp(value):
    return value.isoformat() if value else None


def collect(sender, user, rows, **kwargs) -> dict:
    mails = Mail.objects.filter(Q(user=user) | Q(colleague__in=rows)).select_related("campaign")
    memberships = Membership.objects.filter(colleague__in=rows).select_related("campaign")
    return {
        "mails_sent": [
            {
                "kind": mail.kind,
                "campaign": mail.campaign.name if mail.campaign else None,
                "for": stamp(mail.occasion),
                "status": mail.status,
                "sent_at": stamp(mail.sent_at),
            }
            for mail in mails.order_by("pk")
        ],
        "campaigns": [
            {
                "campaign": membership.campaign.name,
                "due_on": stamp(membership.campaign.due_on),
                "enrolled_at": stamp(membership.enrolled_at),
            }
            for membership in memberships.order_by("pk")
        ],
    }
