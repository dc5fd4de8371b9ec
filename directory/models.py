"""The company's staff list: who works here, in which department and country.

Rows come from HR's or the directory's export (CSV today). Adoption is measured against
the active ones; leavers stay, inactive. This app knows nothing of guides, ticks or
mail: higher layers read it, and hear of changes through `directory.signals`.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Colleague(models.Model):
    """One person on the company's staff list (not an account: see `user`)."""

    email = models.EmailField(max_length=254, help_text="Stored in lower case.")
    name = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code, e.g. DE.")
    language = models.CharField(
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text="From the staff list: the language of their invitations (else the default).",
    )
    manager = models.EmailField(
        max_length=254,
        blank=True,
        help_text="Their manager's e-mail address, as the staff list gives it (lower case).",
    )
    active = models.BooleanField(default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="colleague",
        help_text="Their account, once they proved this address.",
    )
    first_imported = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    invitation_nonce = models.CharField(max_length=32, blank=True, editable=False)
    opted_out = models.BooleanField(
        default=False, help_text="Used the opt-out link in an invitation: no more mail."
    )

    class Meta:
        db_table = "accounts_colleague"  # where it was created, before this app existed
        verbose_name = _("colleague")
        verbose_name_plural = _("colleagues")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="colleague_email_unique_any_case"),
            models.CheckConstraint(condition=~models.Q(email=""), name="colleague_has_email"),
        ]
        indexes = [
            # The dashboard groups by department and country, from the index alone.
            models.Index(
                fields=["active", "department", "country", "invited_at", "user"],
                name="colleague_figures",
            ),
            # A manager's team is found by walking this down, level by level in one query.
            models.Index(fields=["manager", "active"], name="colleague_manager"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    def save(self, *args, **kwargs):
        # In lower case whoever types it (the admin too): matching, export and deletion
        # compare addresses in lower case.
        self.email = self.email.strip().lower()
        self.manager = self.manager.strip().lower()
        super().save(*args, **kwargs)


class DirectoryUpload(models.Model):
    """A staff list uploaded in the admin, kept between its preview and its confirmation
    (so that several app servers can serve the two steps) and deleted once applied."""

    content = models.BinaryField()
    filename = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "accounts_directoryupload"

    def __str__(self):
        return self.filename
