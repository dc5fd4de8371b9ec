"""When each language's text last changed, and whether a translation is older than the
English it translates.

A guide, a step (with its labels) and a checklist item keep `text_changed`: for each
language, when its words last changed, as the admin's saves and `load_guide` record them.
A translation with words of its own whose time is before the English one's (or that has
none recorded while the English has) is older than the English: the admin marks it, and
the step page tells its readers. A translation with no words of its own shows the English
and says so already (templates/guide/_untranslated.html).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .models import ChecklistItem, Guide, Step

ENGLISH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
# The rows that keep the times; a label's words count for its step.
KEEPS_TIMES = (Guide, Step, ChecklistItem)


def text_fields(model: type[models.Model]) -> list[str]:
    """The translated fields of `model` that hold words (not a date such as last_verified)."""
    options = translator.get_options_for_model(model)
    return [
        name
        for name in options.fields
        if isinstance(model._meta.get_field(name), (models.CharField, models.TextField))
    ]


def other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != ENGLISH]


def languages_in(model: type[models.Model], names: Iterable[str]) -> set[str]:
    """The languages whose words are among the changed fields `names` (body_de, title_en…)."""
    wanted = {
        build_localized_fieldname(field, code): code
        for field in text_fields(model)
        for code, _name in settings.LANGUAGES
    }
    return {wanted[name] for name in names if name in wanted}


def languages_with_text(model: type[models.Model], fields: dict) -> set[str]:
    """The languages that have words among `fields` (a new row's values by field name)."""
    return languages_in(model, [name for name, value in fields.items() if value])


def record(obj: models.Model, languages: Iterable[str], when: datetime.datetime) -> None:
    """Note that `languages`' words of `obj` changed at `when` (saves only that field)."""
    languages = set(languages)
    if not languages:
        return
    stamps = dict(obj.text_changed or {})
    stamps |= {code: when.isoformat() for code in languages}
    obj.text_changed = stamps
    type(obj).objects.filter(pk=obj.pk).update(text_changed=stamps)


def changed_at(obj: models.Model, language: str) -> datetime.datetime | None:
    stamp = (obj.text_changed or {}).get(language)
    return datetime.datetime.fromisoformat(stamp) if stamp else None


def has_own_text(obj: models.Model, language: str) -> bool:
    return any(
        getattr(obj, build_localized_fieldname(field, language), None)
        for field in text_fields(type(obj))
    )


def older_since(obj: models.Model, language: str) -> datetime.datetime | None:
    """When the English changed after `language`'s words last did: the translation is
    older than the English it translates since then. None when it is not, when the
    English has no recorded change, and for a translation with no words of its own."""
    english = changed_at(obj, ENGLISH)
    if language == ENGLISH or english is None or not has_own_text(obj, language):
        return None
    own = changed_at(obj, language)
    return english if own is None or own < english else None


def language_name(code: str) -> str:
    return str(get_language_info(code)["name_translated"])


# --- In the admin ---------------------------------------------------------------------


class RecordsTextChanges:
    """A ModelAdmin mixin for Guide, Step and ChecklistItem: each save records which
    languages' words changed (its own fields, its inlines': a step's labels count for the
    step, steps and items edited in the guide's page for themselves), and the list and
    the change page mark a translation older than the English."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        now = timezone.now()
        changed = languages_in(type(form.instance), form.changed_data)
        for formset in formsets:
            for inline in formset.forms:
                if inline in formset.deleted_forms or not inline.has_changed():
                    continue
                languages = languages_in(type(inline.instance), inline.changed_data)
                if isinstance(inline.instance, KEEPS_TIMES):
                    record(inline.instance, languages, now)
                else:
                    changed |= languages  # a label's words are its step's
        record(form.instance, changed, now)

    def get_list_display(self, request):
        first, *rest = super().get_list_display(request)
        return [first, "translation_marker", *rest]  # beside the title, where it is seen

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return ["translations", *fields] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "translations"] if obj else fields

    @admin.display(description=gettext_lazy("Translation"))
    def translation_marker(self, obj):
        older = [(code, older_since(obj, code)) for code in other_languages()]
        marks = [
            (_("%(language)s older since %(date)s") % words(code, since, "SHORT_DATE_FORMAT"),)
            for code, since in older
            if since
        ]
        return format_html_join(" ", '<strong class="translation-older">{}</strong>', marks) or "–"

    @admin.display(description=gettext_lazy("Translations"))
    def translations(self, obj):
        lines = []
        for code in other_languages():
            since = older_since(obj, code)
            if since:
                text = _(
                    "%(language)s is older than the English it translates, since %(date)s."
                ) % words(code, since)
                lines.append(("translation-older", text))
            elif has_own_text(obj, code):
                text = _("%(language)s is up to date with the English.") % words(code)
                lines.append(("", text))
            else:
                lines.append(("", _("%(language)s: not translated yet.") % words(code)))
        return format_html_join("", '<p class="{}">{}</p>', lines)


def words(code: str, since: datetime.datetime | None = None, style="DATE_FORMAT") -> dict:
    """A language's name and a date, in the reader's language, for the sentences above."""
    date = format_date(timezone.localtime(since), style) if since else ""
    return {"language": language_name(code), "date": date}
