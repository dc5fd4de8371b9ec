"""Campaigns (a guide, an audience, a start and a due date), who is in each, and every
mail sent to anyone: the one mail log."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# When reminders go, in days relative to the due date (negative: before it): the cadence
# rises as the date nears. Weekly reminders before these are added from the start date.
DEFAULT_REMINDER_DAYS = [-3, -1, 0]
# The one overdue notice to the colleague, and the managers' digests.
DEFAULT_OVERDUE_DAYS = [2]
DEFAULT_DIGEST_DAYS = [-3, 2]


def weekly_reminders(starts_on: datetime.date, due_on: datetime.date) -> list[int]:
    """Weekly reminders from a week after the start until a week before the due date,
    then DEFAULT_REMINDER_DAYS (twice in the last week, then on the due date)."""
    days = []
    offset = -7
    while due_on + datetime.timedelta(days=offset) >= starts_on + datetime.timedelta(days=7):
        days.insert(0, offset)
        offset -= 7
    return days + DEFAULT_REMINDER_DAYS


def days_text(days: list[int]) -> str:
    return ", ".join(f"{day:+d}" if day else "0" for day in days)


def parse_days(text: str) -> list[int]:
    """ "-14, -7, -3, 0" → [-14, -7, -3, 0]; a ValidationError for anything else."""
    try:
        days = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()})
    except ValueError:
        raise ValidationError(
            _("Write whole numbers of days, separated by commas: -7, -3, 0, 2.")
        ) from None
    if any(abs(day) > 366 for day in days):
        raise ValidationError(_("Each day must be within a year of the due date."))
    return days


class CampaignQuerySet(models.QuerySet):
    def running(self, today: datetime.date | None = None):
        """Started, and not past its last scheduled mail (a month after the due date at
        most): the ones the periodic step looks at."""
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, due_on__gte=today - datetime.timedelta(days=31))


class Campaign(models.Model):
    """Everyone in the audience switches the setting off by the due date."""

    name = models.CharField(_("name"), max_length=200)
    guide = models.ForeignKey("guide.Guide", on_delete=models.CASCADE, related_name="campaigns")
    departments = models.JSONField(
        _("departments"),
        default=list,
        blank=True,
        help_text=_("As the staff list names them; none: every department."),
    )
    countries = models.JSONField(
        _("countries"),
        default=list,
        blank=True,
        help_text=_("ISO codes such as DE; none: every country."),
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    due_on = models.DateField(_("due on"))
    reminder_days = models.JSONField(
        _("reminders"),
        default=list,
        blank=True,
        help_text=_("Days relative to the due date, e.g. -14, -7, -3, -1, 0."),
    )
    overdue_days = models.JSONField(
        _("overdue notices"), default=list, blank=True, help_text=_("Days after the due date.")
    )
    digest_days = models.JSONField(
        _("manager digests"),
        default=list,
        blank=True,
        help_text=_("Days relative to the due date on which managers get their team's figures."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")),
                name="campaign_due_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("champions:campaign", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.due_on

    @property
    def audience_text(self) -> str:
        parts = [", ".join(self.departments), ", ".join(self.countries)]
        return " · ".join(part for part in parts if part) or str(_("Everyone on the staff list"))


class Membership(models.Model):
    """A colleague in a campaign's audience, enrolled at the start or when they joined the
    staff list; a leaver's row stays and drops out of the figures with them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="memberships")
    colleague = models.ForeignKey(
        "directory.Colleague", on_delete=models.CASCADE, related_name="memberships"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "colleague"], name="one_membership_per_campaign"
            ),
        ]
        indexes = [models.Index(fields=["colleague", "campaign"], name="membership_colleague")]

    def __str__(self):
        return f"{self.colleague} – {self.campaign}"


class Mail(models.Model):
    """One mail to one person, queued by the periodic step or a champion and sent by the
    worker. (campaign, recipient, kind, occasion) is unique: whoever queues it twice —
    two periodic steps at once, a rerun after a crash — queues it once."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        OVERDUE = "overdue", _("Overdue notice")
        DIGEST = "digest", _("Manager digest")
        CONFIRMATION = "confirmation", _("Confirmation")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    # The person: a row of the staff list, or an account (reminders outside campaigns).
    colleague = models.ForeignKey(
        "directory.Colleague", null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mails",
    )
    occasion = models.DateField(
        _("occasion"), help_text=_("The scheduled day this mail is for: it goes once.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    queued_at = models.DateTimeField(default=timezone.now)
    # Not handed to the worker again before this (a task has it, or a retry waits).
    not_before = models.DateTimeField(default=timezone.now)
    # The sender that took it: one claim, one send, whoever else tries at the same time.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "colleague", "kind", "occasion"],
                condition=models.Q(campaign__isnull=False, colleague__isnull=False),
                name="one_campaign_mail_per_occasion",
            ),
            models.UniqueConstraint(
                fields=["colleague", "kind", "occasion"],
                condition=models.Q(campaign__isnull=True, colleague__isnull=False),
                name="one_staff_mail_per_occasion",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "occasion"],
                condition=models.Q(campaign__isnull=True, colleague__isnull=True),
                name="one_account_mail_per_occasion",
            ),
            models.CheckConstraint(
                condition=models.Q(colleague__isnull=False) | models.Q(user__isnull=False),
                name="mail_has_a_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "not_before"], name="mail_queue"),
            models.Index(fields=["claim"], name="mail_claim"),
            models.Index(fields=["campaign", "status"], name="mail_campaign_status"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.colleague or self.user} – {self.occasion}"
