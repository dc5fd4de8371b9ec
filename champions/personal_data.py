"""What the champions' side keeps about a colleague, for "download my data"."""


def collect(sender, user, rows, **kwargs) -> dict:
    reminders = user.reminders.order_by("pk")
    return {"reminders_sent": [reminder.sent_at.isoformat() for reminder in reminders]}
