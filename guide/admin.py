from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from accounts.proof import members

from . import changes, page_cache, progress, summaries, verification
from .forms import MaterialChangeNoteForm, TextWithNewlines
from .markdown import plain_summary
from .models import ChecklistItem, Guide, GuideChange, Label, Source, Step, Tick
from .translation_dates import RecordsTextChanges


class ChangesContent:
    """Every save or deletion in the admin raises the content version: readers' cached
    pages are built anew (guide/page_cache.py)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after inlines and m2m
        page_cache.content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        page_cache.content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        page_cache.content_changed()


def resummarise(items):
    """What counts changed (a material change, an item made optional): recount everyone's
    stored progress on those items' guides."""
    for guide_id in set(items.values_list("guide_id", flat=True)):
        summaries.summarise(guide_id)


class CountsProgress:
    """Saving or deleting checklist items changes what counts as finished."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guide = form.instance if isinstance(form.instance, Guide) else form.instance.guide
        summaries.summarise(guide)

    def delete_queryset(self, request, queryset):
        guides = set(queryset.values_list("guide_id", flat=True))
        super().delete_queryset(request, queryset)
        for guide_id in guides:
            summaries.summarise(guide_id)


class SlugFixedOnceCreated:
    """Slugs are identities (the content file and every tick rely on them): editable
    when an object is added, read-only afterwards."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "slug"] if obj else fields


def preview(obj):
    """A link to the page as colleagues see it, from the admin's lists."""
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), _("Preview")
    )


class StepInline(TranslationTabularInline):
    model = Step
    fields = ["order", "title", "part", "minutes", "last_verified"]
    show_change_link = True
    extra = 0


class ChecklistItemInline(TranslationTabularInline):
    model = ChecklistItem
    fields = ["order", "title", "step", "optional", "can_be_not_applicable", "revised"]
    readonly_fields = ["revised"]
    show_change_link = True
    extra = 0


def side_by_side(*names):
    """One admin row per translated field, its languages next to each other."""
    return [tuple(f"{name}_{code}" for code, _name in settings.LANGUAGES) for name in names]


# Two languages in a row still fit a 1280 px screen.
SIDE_BY_SIDE_WIDGETS = {
    models.TextField: {
        "widget": forms.Textarea(attrs={"rows": 6, "cols": 44}),
        "form_class": TextWithNewlines,  # \n as the files have it, not the browser's \r\n
    },
    models.CharField: {"widget": forms.TextInput(attrs={"size": 40})},
}


@admin.register(Guide)
class GuideAdmin(
    CountsProgress, ChangesContent, RecordsTextChanges, SlugFixedOnceCreated, TranslationAdmin
):
    list_display = ["title", "slug", "last_verified", preview]
    fields = ["slug", *side_by_side("title", "intro", "last_verified")]
    formfield_overrides = SIDE_BY_SIDE_WIDGETS
    inlines = [StepInline, ChecklistItemInline]


class LabelInline(TranslationStackedInline):
    model = Label
    fields = ["order", *side_by_side("text", "variants", "note")]
    extra = 0
    formfield_overrides = {
        models.TextField: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 44}),
            "form_class": TextWithNewlines,
        },
        models.CharField: {"widget": forms.TextInput(attrs={"size": 40})},
    }


# --- Verifying steps: "last verified", its age, and "Mark as verified today" -------------


class VerificationDueFilter(admin.SimpleListFilter):
    title = gettext_lazy("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("due", gettext_lazy("Due for another look"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.not_verified_since(verification.cutoff())
        return queryset


class VerifiesSteps:
    """Shows each step's last verification with its age, flagged (in words, not colour
    alone) once older than VERIFY_EVERY_DAYS; "Mark as verified today" records who and
    when, for selected steps (an action) or one (a button on its page)."""

    actions = ["mark_verified"]
    change_form_template = "admin/guide/step/change_form.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=gettext_lazy("Last verified"))
    def verified_age(self, step):
        if step.pk is None:
            return "–"
        found = verification.verification_of(step)
        if found.date is None:
            return format_html('<strong class="verification-due">{}</strong>', _("Never"))
        text = ngettext("%(date)s, %(days)d day ago", "%(date)s, %(days)d days ago", found.days) % {
            "date": formats.date_format(found.date, "SHORT_DATE_FORMAT"),
            "days": found.days,
        }
        if step.verified_by:
            text += " " + _("(marked by %(user)s)") % {"user": step.verified_by}
        if found.due:
            return format_html('<strong class="verification-due">{} {}</strong>', _("Due:"), text)
        return text

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("verified_by")

    @admin.action(description=gettext_lazy("Mark as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        steps = list(queryset)
        count = verification.mark_verified(steps, request.user)
        for step in steps:
            self.log_change(request, step, _("Marked as verified today."))
        self.message_user(
            request,
            ngettext(
                "%(count)d step marked as verified today. Colleagues’ ticks stay as they are.",
                "%(count)d steps marked as verified today. Colleagues’ ticks stay as they are.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        verify = self.admin_site.admin_view(self.verify_view)
        return [
            path("<path:object_id>/verify/", verify, name="guide_step_verify"),
            *super().get_urls(),
        ]

    def verify_view(self, request, object_id):
        """The button on a step's page: the same as the action, for this step."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        step = self.get_object(request, unquote(object_id))
        if step is None:
            raise Http404
        if not self.has_change_permission(request, step):
            raise PermissionDenied
        self.mark_verified(request, Step.objects.filter(pk=step.pk))
        return redirect("admin:guide_step_change", step.pk)


@admin.register(Step)
class StepAdmin(
    VerifiesSteps, ChangesContent, RecordsTextChanges, SlugFixedOnceCreated, TranslationAdmin
):
    list_display = ["title", "order", "part", "guide", "verified_age", preview]
    list_filter = ["guide", "part", VerificationDueFilter]
    search_fields = ["title", "body", "labels__text"]
    filter_horizontal = ["sources"]
    fields = [
        "guide",
        "slug",
        ("order", "part", "minutes"),
        *side_by_side("title", "body", "phone"),
        "verified_age",
        side_by_side("last_verified")[0],
        "linkedin_url",
        "sources",
    ]
    readonly_fields = ["verified_age"]
    formfield_overrides = SIDE_BY_SIDE_WIDGETS
    inlines = [LabelInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(
    CountsProgress, ChangesContent, RecordsTextChanges, SlugFixedOnceCreated, TranslationAdmin
):
    list_display = ["title", "order", "guide", "optional", "revised", preview]
    list_filter = ["guide", "optional"]
    fields = [
        "guide",
        "slug",
        ("order", "step"),
        *side_by_side("title", "summary"),
        ("optional", "can_be_not_applicable"),
        "revised",
    ]
    formfield_overrides = SIDE_BY_SIDE_WIDGETS
    actions = ["mark_material_change", "undo_material_change"]

    @admin.action(description=gettext_lazy("Mark as material change (ask everyone to re-check)"))
    def mark_material_change(self, request, queryset):
        """Asks first, saying how many colleagues it sends back to re-check, and for a line
        for the "What changed" page."""
        note = MaterialChangeNoteForm(request.POST if request.POST.get("post") == "yes" else None)
        if not note.is_valid():
            affected = (
                Tick.objects.filter(item__in=queryset, user__in=members())
                .filter(progress.reviewed_ticks_q())
                .values("user")
                .distinct()
                .count()
            )
            context = {
                **self.admin_site.each_context(request),
                "title": _("Mark as material change?"),
                "items": queryset,
                "affected": affected,
                "note": note,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/guide/checklistitem/confirm_material_change.html", context
            )
        now = timezone.now()
        for item in queryset:
            item.previous_revised, item.revised, item.undoable = item.revised, now, True
        ChecklistItem.objects.bulk_update(queryset, ["revised", "previous_revised", "undoable"])
        changes.record_material_changes(queryset, timezone.localdate(now), note.notes())
        page_cache.content_changed()
        resummarise(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d item marked as changed: earlier ticks now ask for a re-check. "
                "“Undo the last material change” takes it back.",
                "%(count)d items marked as changed: earlier ticks now ask for a re-check. "
                "“Undo the last material change” takes it back.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=gettext_lazy("Undo the last material change"))
    def undo_material_change(self, request, queryset):
        undone = 0
        for item in queryset.filter(undoable=True):
            # Back to the change before; a second undo finds nothing left to undo.
            item.revised, item.previous_revised, item.undoable = item.previous_revised, None, False
            item.save(update_fields=["revised", "previous_revised", "undoable"])
            changes.forget_material_change(item)
            undone += 1
        page_cache.content_changed()
        resummarise(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d item: the last material change is undone.",
                "%(count)d items: the last material change is undone.",
                undone,
            )
            % {"count": undone},
            messages.SUCCESS,
        )


@admin.register(Source)
class SourceAdmin(ChangesContent, SlugFixedOnceCreated, admin.ModelAdmin):
    list_display = ["title", "publisher", "published"]
    search_fields = ["title", "publisher"]


# --- The "What changed" page's entries ---------------------------------------------------


@admin.register(GuideChange)
class GuideChangeAdmin(ChangesContent, TranslationAdmin):
    """Corrections come from the content files and material changes from the checklist
    items' action; here a champion rewords or removes an entry."""

    list_display = ["date", "kind", "short_summary", "item"]
    list_filter = ["guide", "kind"]
    fields = ["guide", "date", "kind", "item", *side_by_side("summary")]
    readonly_fields = ["kind"]
    formfield_overrides = SIDE_BY_SIDE_WIDGETS

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=gettext_lazy("summary"))
    def short_summary(self, change):
        return plain_summary(change.summary, 12)

    def has_add_permission(self, request):
        return False  # entries are made by the files and by marking a material change
