"""The guide's public record of what changed: corrections from the content files
(guide/loading.py) and the material changes champions mark on checklist items."""

import datetime

from django.conf import settings

from .models import ChecklistItem, GuideChange


def record_material_changes(
    items: list[ChecklistItem], when: datetime.date, notes: dict[str, str]
) -> None:
    """One entry per item marked as materially changed; `notes` holds the champion's line
    by language code (a language left empty shows the default language's)."""
    summaries = {
        f"summary_{code}": notes.get(code, "").strip() or None for code, _name in settings.LANGUAGES
    }
    summaries[f"summary_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"] = (
        summaries[f"summary_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"] or ""
    )
    GuideChange.objects.bulk_create(
        GuideChange(
            guide_id=item.guide_id,
            date=when,
            kind=GuideChange.Kind.MATERIAL_CHANGE,
            item=item,
            **summaries,
        )
        for item in items
    )


def forget_material_change(item: ChecklistItem) -> None:
    """Undoing an item's last material change removes its entry."""
    newest = item.changes.filter(kind=GuideChange.Kind.MATERIAL_CHANGE).order_by("-date", "-pk")
    entry = newest.first()
    if entry is not None:
        entry.delete()


def entries(guide) -> list[GuideChange]:
    """The page's entries, newest first."""
    return list(guide.changes.newest_first())
