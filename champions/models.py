from django.conf import settings
from django.db import models
from django.utils import timezone


class Reminder(models.Model):
    """A reminder e-mail sent to a colleague, so nobody gets one twice within the interval."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "guide_reminder"  # where it was created, before this app existed
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.user} – {self.sent_at:%Y-%m-%d %H:%M}"
