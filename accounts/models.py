from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


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


class SignInLink(models.Model):
    """A sign-in link that has been e-mailed and not used yet (accounts/sign_in_links.py).
    The mail carries a signed token naming this row's nonce; the row goes when the link is
    used, when its owner signs in any other way, or when it expires."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_links")
    email = models.EmailField(help_text="The address the link was sent to: using it proves it.")
    nonce = models.CharField(max_length=64, unique=True)
    next_url = models.CharField(
        max_length=2000, blank=True, help_text="The page asked for before signing in."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Sign-in link for {self.email}"
