from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from .models import ChecklistItem, Guide, Label, Source, Step


def preview(obj):
    """A link to the page as colleagues see it, from the admin's lists."""
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">Preview</a>', obj.get_absolute_url()
    )


class StepInline(admin.TabularInline):
    model = Step
    fields = ["order", "title", "part", "minutes", "last_verified"]
    show_change_link = True
    extra = 0


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["order", "title", "step", "optional", "can_be_not_applicable", "revised"]
    readonly_fields = ["revised"]
    show_change_link = True
    extra = 0


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "last_verified", preview]
    inlines = [StepInline, ChecklistItemInline]


class LabelInline(admin.TabularInline):
    model = Label
    fields = ["order", "text", "variants", "note"]
    extra = 0


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "part", "guide", "last_verified", preview]
    list_filter = ["guide", "part"]
    search_fields = ["title", "body", "labels__text"]
    filter_horizontal = ["sources"]
    inlines = [LabelInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "guide", "optional", "revised", preview]
    list_filter = ["guide", "optional"]
    actions = ["mark_material_change"]

    @admin.action(description="Mark as material change (ask everyone to re-check)")
    def mark_material_change(self, request, queryset):
        count = queryset.update(revised=timezone.now())
        self.message_user(
            request,
            f"{count} item(s) marked as changed: earlier ticks now ask for a re-check.",
            messages.SUCCESS,
        )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published"]
    search_fields = ["title", "publisher"]
