import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .markdown import split_background


def text_changed_field():
    """When each language's text of a guide, step or item last changed (one field, the
    same on all three)."""
    return models.JSONField(
        _("text changed"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("When each language's text last changed: guide/translation_dates.py."),
    )


class Source(models.Model):
    """A published article or help page that the guide's statements rest on."""

    slug = models.SlugField(_("slug"), unique=True, help_text=_("Fixed identity; never change it."))
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=120)
    url = models.URLField(_("address"), max_length=500)
    published = models.DateField(
        _("published"), null=True, blank=True, help_text=_("Leave empty when undated.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_(
            "The article's language: shown to readers of that language and to all "
            "readers when English."
        ),
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["publisher", "title"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"


class GuideQuerySet(models.QuerySet):
    def current(self):
        """The guide the site shows: the first one loaded. Read it through
        `guide.page_cache.current_guide()`, which keeps it in memory."""
        return self.order_by("pk").first()


class Guide(models.Model):
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Fixed identity; never change it."))
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("intro"), help_text=_("Markdown: what LinkedIn does and why it matters.")
    )
    last_verified = models.DateField(_("last verified"))
    content_version = models.PositiveIntegerField(
        _("content version"),
        default=1,
        editable=False,
        help_text=_("Raised by every edit; keys the page cache."),
    )
    text_changed = text_changed_field()

    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide:landing")


class StepQuerySet(models.QuerySet):
    def not_verified_since(self, cutoff: datetime.date):
        """Steps whose "last verified" date, in any language, is before `cutoff`."""
        older = models.Q(pk__in=[])
        for code, _name in settings.LANGUAGES:
            older |= models.Q(**{f"last_verified_{code}__lt": cutoff})
        return self.filter(older)


class Step(models.Model):
    class Part(models.TextChoices):
        SWITCH_OFF = "switch_off", _("Switch it off")
        REVIEW = "review", _("Review the related settings")
        LIMITS = "limits", _("What it does and does not do")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    slug = models.SlugField(_("slug"), help_text=_("Fixed identity; never change it."))
    order = models.PositiveIntegerField(_("order"))
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown: where to click."))
    phone = models.TextField(
        _("phone"), blank=True, help_text=_("Markdown: what to do on a phone.")
    )
    linkedin_url = models.URLField(
        _("LinkedIn settings page"), max_length=500, blank=True, help_text=_("Opens in a new tab.")
    )
    last_verified = models.DateField(_("last verified"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"),
        default=1,
        help_text=_("About how long the step takes, in whole minutes (at least 1)."),
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="steps")
    text_changed = text_changed_field()

    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="verified_steps",
        verbose_name=_("verified by"),
        help_text=_("Who last marked the step verified in the admin."),
    )

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["guide", "order"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "slug"], name="step_slug_unique_in_guide"),
            models.UniqueConstraint(fields=["guide", "order"], name="step_order_unique_in_guide"),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1), name="step_minutes_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide:step", args=[self.slug])

    @property
    def lead(self):
        """The body up to a `---` line: what to do, shown first."""
        return split_background(self.body)[0]

    @property
    def background(self):
        """The body after a `---` line: background and caveats, folded away on screen."""
        return split_background(self.body)[1]


class Label(models.Model):
    """Words exactly as LinkedIn shows them on screen, with other wordings seen."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="labels")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=200)
    variants = models.TextField(
        _("variants"), blank=True, help_text=_("Other wordings seen, one per line.")
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Where it is on screen.")
    )

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["step", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="label_text_not_empty"),
        ]

    def __str__(self):
        return self.text

    @property
    def variant_list(self):
        return [line.strip() for line in self.variants.splitlines() if line.strip()]


class ChecklistItemQuerySet(models.QuerySet):
    def for_guide(self, guide):
        return self.filter(guide=guide).select_related("step").order_by("order")

    def with_latest_change(self):
        """Each item with `change_id`: its newest material change on the "What changed"
        page (None when none was recorded), which a re-check links to."""
        latest = GuideChange.objects.filter(
            item=models.OuterRef("pk"), kind=GuideChange.Kind.MATERIAL_CHANGE
        ).order_by("-date", "-pk")
        return self.annotate(change_id=models.Subquery(latest.values("pk")[:1]))


class ChecklistItem(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="items")
    slug = models.SlugField(_("slug"), help_text=_("Fixed identity; never change it."))
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("What counts as done, in a sentence.")
    )
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    optional = models.BooleanField(_("optional"), default=False)
    can_be_not_applicable = models.BooleanField(
        _("can be not applicable"),
        default=True,
        help_text=_('Offer "Not applicable"; off where the item applies to everyone.'),
    )
    revised = models.DateTimeField(
        _("revised"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the guide for this item changed materially: earlier ticks "
            "then ask to be checked again."
        ),
    )
    previous_revised = models.DateTimeField(
        _("previous revised"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("What `revised` was before, for undo."),
    )
    undoable = models.BooleanField(
        _("undoable"),
        default=False,
        editable=False,
        help_text=_("The last material change can be undone."),
    )
    text_changed = text_changed_field()

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["guide", "order"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "slug"], name="item_slug_unique_in_guide"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.step_id:
            return self.step.get_absolute_url()
        return reverse("guide:landing")

    @property
    def change_url(self):
        """Where "the guide changed on DATE" leads: this item's newest entry on the "What
        changed" page (`change_id`, from ChecklistItemQuerySet.with_latest_change)."""
        change_id = getattr(self, "change_id", None)
        return reverse("guide:changes") + (f"#change-{change_id}" if change_id else "")


class GuideChangeQuerySet(models.QuerySet):
    def newest_first(self):
        return self.select_related("item__step").order_by("-date", "-pk")


class GuideChange(models.Model):
    """An entry of the public "What changed" page: a correction from the content files, or
    a material change a champion marked on a checklist item."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        MATERIAL_CHANGE = "material_change", _("Material change")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="changes")
    slug = models.SlugField(
        _("slug"),
        blank=True,
        help_text=_("The content file's name for a correction; empty for one made here."),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Markdown: what changed and why, in a line or two.")
    )
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("checklist item"),
        help_text=_("The item whose earlier ticks this change asked to be checked again."),
    )

    objects = GuideChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change to the guide")
        verbose_name_plural = _("changes to the guide")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "slug"],
                condition=~models.Q(slug=""),
                name="change_slug_unique_in_guide",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["correction", "material_change"]),
                name="change_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} – {self.get_kind_display()}"

    def get_absolute_url(self):
        return f"{reverse('guide:changes')}#{self.anchor}"

    @property
    def anchor(self):
        return f"change-{self.pk}"


class Tick(models.Model):
    """A colleague's state for one checklist item: the only data kept about them."""

    class State(models.TextChoices):
        TODO = "todo", _("To do")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ticks"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    state = models.CharField(max_length=20, choices=State.choices, default=State.TODO)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        permissions = [
            ("view_dashboard", "Can view adoption figures"),
            ("view_member_progress", "Can see each member's progress"),
        ]
        indexes = [
            # The dashboard counts each item's states from the index alone.
            models.Index(fields=["item", "state", "updated_at", "user"], name="tick_item_figures"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="one_tick_per_user_and_item"),
            models.CheckConstraint(
                condition=models.Q(state__in=["todo", "done", "not_applicable"]),
                name="tick_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.item}: {self.get_state_display()}"


class ProgressSummary(models.Model):
    """One colleague's progress on one guide, as guide/progress.py counts it, kept in
    step with their ticks (written in the same transaction as each tick) so that figures
    over a whole company are a join, not a count of every tick. Only
    summaries.summarise() writes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_summaries"
    )
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="summaries")
    reviewed = models.PositiveIntegerField(default=0)
    stale = models.PositiveIntegerField(default=0)
    ticked = models.PositiveIntegerField(default=0)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_week = models.DateField(
        null=True, blank=True, help_text="The Monday of last_reviewed_at's week (TIME_ZONE)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "guide"], name="one_progress_summary_per_user_and_guide"
            ),
        ]
        indexes = [
            # Company figures join 100,000 colleagues to their summaries: from the index alone.
            models.Index(
                fields=["guide", "user", "reviewed", "stale", "ticked", "last_reviewed_week"],
                name="summary_figures",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.guide}: {self.reviewed} reviewed"
