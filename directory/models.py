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

    class Source(models.TextChoices):
        CSV = "csv", _("CSV import")
        SCIM = "scim", _("SCIM")

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
    employee_number = models.CharField(max_length=64, blank=True)
    # Where the row came from last, and when that last changed it (not invitations).
    source = models.CharField(_("source"), max_length=4, choices=Source.choices, default=Source.CSV)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    # What the identity provider calls this person (SCIM's userName, in lower case; empty
    # for rows it never wrote, whose userName is their address) and its own id for them.
    user_name = models.CharField(max_length=254, blank=True, editable=False)
    external_id = models.CharField(max_length=255, blank=True, editable=False)
    # The SCIM representation as the provider last wrote it (name parts, display name,
    # addresses, e-mails...): the columns above are read from it, and SCIM reads it back.
    scim_attributes = models.JSONField(default=dict, blank=True, editable=False)
    # Deleted by the provider: inactive, gone for SCIM (404), kept here with the ticks.
    scim_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
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
            models.UniqueConstraint(
                fields=["user_name"],
                condition=~models.Q(user_name=""),
                name="colleague_user_name_unique",
            ),
        ]
        indexes = [
            # The dashboard groups by department and country, from the index alone.
            models.Index(
                fields=["active", "department", "country", "invited_at", "user"],
                name="colleague_figures",
            ),
            # A manager's team is found by walking this down, level by level in one query.
            models.Index(fields=["manager", "active"], name="colleague_manager"),
            # SCIM clients look people up by their own id for them.
            models.Index(fields=["external_id"], name="colleague_external_id"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    def save(self, *args, **kwargs):
        # In lower case whoever types it (the admin too): matching, export and deletion
        # compare addresses in lower case.
        self.email = self.email.strip().lower()
        self.manager = self.manager.strip().lower()
        super().save(*args, **kwargs)

    @property
    def managed_by_scim(self) -> bool:
        return self.source == self.Source.SCIM


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


class ScimToken(models.Model):
    """A bearer token an identity provider sends to /scim/v2/. Only its SHA-256 is kept:
    the token itself is shown once, when it is made."""

    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class ScimLogEntry(models.Model):
    """One request to /scim/v2/, for IT to debug a connection: no token, no body, no
    query values. Only the newest `scim.log.KEEP` are kept."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    token = models.ForeignKey(
        ScimToken, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("token")
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=200)
    status = models.PositiveSmallIntegerField(_("status"))
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("SCIM request")
        verbose_name_plural = _("SCIM requests")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
