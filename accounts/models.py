from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The project's own user model, in place from the first migration so it can grow."""

    reminders_enabled = models.BooleanField(
        default=True, help_text="Off when the colleague used the opt-out link in a reminder."
    )
    language = models.CharField(
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text="The language they chose or signed in with: their pages and e-mails.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
