"""Putting the bundled guide (as `guide/content.py` read it) into the database.

Loading creates whatever is missing — rows, and translations not yet in the database —
and leaves the rest alone, so a champion's edits in the admin survive a redeploy;
`update=True` makes the files win instead. In order: the sources, the guide, its steps
(with their labels and sources), its checklist items; then every cached page is built
anew and everyone's progress recounted.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from modeltranslation.translator import translator

from . import content, page_cache, summaries, translation_dates
from .models import ChecklistItem, Guide, GuideChange, Label, Source, Step

# Fields where a translation's "" is its answer, not a gap (guide/translation.py agrees).
EMPTY_IS_AN_ANSWER = {"variants", "note"}


def _translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields guide/translation.py registers for `model`: one list, kept there."""
    return tuple(translator.get_options_for_model(model).fields)


# The translated fields, by the names the content files give the models.
TRANSLATED = {
    "guide": _translated_fields(Guide),
    "step": _translated_fields(Step),
    "label": _translated_fields(Label),
    "item": _translated_fields(ChecklistItem),
    "change": _translated_fields(GuideChange),
}
# Dates where the later of the file's and the database's stands, with the files winning
# too: a step a champion marked verified after the file's date keeps that date.
LATER_WINS = "last_verified"


@transaction.atomic
def load(data: dict[str, Any], *, update: bool = False) -> dict[str, int]:
    """Bring the database in line with the files; return how many rows were created and
    updated."""
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return Loader(data, update=update).run()


class Loader:
    """One run of `load`: the files' data, whether the files win, and what changed."""

    def __init__(self, data: dict[str, Any], *, update: bool):
        self.data = data
        self.translations = data.get("translations", {})
        self.suffixes = {f"_{language}" for language in self.translations}
        self.update = update
        self.counts = {"created": 0, "updated": 0}
        self.now = timezone.now()  # when each language's words changed in this load

    def run(self) -> dict[str, int]:
        sources = self.load_sources()
        guide = self.load_guide()
        if self.update:
            self.make_room_for_the_files_order(guide)
        steps = {
            entry["slug"]: self.load_step(guide, position, entry, sources)
            for position, entry in enumerate(self.data["steps"], start=1)
        }
        if self.update:
            self.put_other_steps_last(guide, steps)
        self.load_items(guide, steps)
        self.load_changes(guide)
        if self.counts["created"] or self.counts["updated"]:
            page_cache.content_changed()
            summaries.summarise(guide)  # an item added or made optional changes what counts
        return self.counts

    # --- One row ------------------------------------------------------------------------

    def save(self, model, lookup: dict, fields: dict) -> tuple[models.Model, bool]:
        """The row `lookup` finds, created with `fields` if missing. An existing row takes
        every differing field when the files win, else only translations it lacks."""
        obj, created = model.objects.get_or_create(**lookup, defaults=fields)
        if created:
            self.counts["created"] += 1
            self.fields_changed(obj, [name for name, value in fields.items() if value])
            return obj, created
        if self.update:
            changed = {
                key: value
                for key, value in fields.items()
                if getattr(obj, key) != value and not _stored_is_later(obj, key, value)
            }
            if any(key.startswith(LATER_WINS) for key in changed) and hasattr(obj, "verified_by"):
                changed["verified_by"] = None  # the file's date: nobody marked it here
        else:  # a translation the database does not have yet is missing, so it is added
            changed = {
                key: value
                for key, value in fields.items()
                if key[-3:] in self.suffixes and value and not getattr(obj, key)
            }
        if changed:
            for key, value in changed.items():
                setattr(obj, key, value)
            obj.save()
            self.counts["updated"] += 1
            self.fields_changed(obj, changed)
        return obj, created

    def fields_changed(self, obj: models.Model, names) -> None:
        """Both languages loaded from the files at once get the same time: neither is older."""
        if isinstance(obj, translation_dates.KEEPS_TIMES):
            languages = translation_dates.languages_in(type(obj), names)
            translation_dates.record(obj, languages, self.now)

    # --- The parts, in order ------------------------------------------------------------

    def load_sources(self) -> dict[str, Source]:
        by_language = [(settings.MODELTRANSLATION_DEFAULT_LANGUAGE, self.data["sources"])]
        by_language += [(lang, t.get("sources", [])) for lang, t in self.translations.items()]
        sources = {}
        for language, entries in by_language:
            for entry in entries:
                sources[entry["slug"]], _ = self.save(
                    Source,
                    {"slug": entry["slug"]},
                    {
                        "title": entry["title"],
                        "publisher": content.publisher_as_shown(entry, language),
                        "url": entry["url"],
                        "published": _date(entry.get("published")),
                        "language": language,
                    },
                )
        return sources

    def load_guide(self) -> Guide:
        meta = self.data["guide"]
        fields = {
            "title": meta["title"],
            "intro": meta["intro"],
            "last_verified": meta["last_verified"],
        }
        own = {language: values.get("guide", {}) for language, values in self.translations.items()}
        guide, _ = self.save(Guide, {"slug": meta["slug"]}, translated(fields, own, "guide"))
        return guide

    def make_room_for_the_files_order(self, guide: Guide) -> None:
        """Move every step out of the way of the file's order, so that putting each in its
        place never trips the unique (guide, order) constraint."""
        wanted = {entry["slug"]: n for n, entry in enumerate(self.data["steps"], start=1)}
        stored = dict(guide.steps.values_list("slug", "order"))
        if any(wanted.get(slug) != order for slug, order in stored.items()):
            offset = max(stored.values()) + len(wanted) + 1
            for step in guide.steps.all():
                Step.objects.filter(pk=step.pk).update(order=step.order + offset)

    def load_step(self, guide: Guide, position: int, entry: dict, sources: dict) -> Step:
        existing = guide.steps.filter(slug=entry["slug"]).first()
        fields = {
            "part": entry["part"],
            "title": entry["title"],
            "body": entry["body"],
            "phone": entry.get("phone", ""),
            "linkedin_url": entry.get("linkedin_url", ""),
            "last_verified": entry["last_verified"],
            "minutes": entry["minutes"],
        }
        if existing is None or self.update:
            order = position
            if existing is None and not self.update and guide.steps.filter(order=order).exists():
                order = guide.steps.aggregate(top=Max("order"))["top"] + 1  # a champion's step
            fields["order"] = order
        own = {
            language: values.get("steps", {}).get(entry["slug"], {})
            for language, values in self.translations.items()
        }
        step, created = self.save(
            Step, {"guide": guide, "slug": entry["slug"]}, translated(fields, own, "step")
        )
        translation_sources = [
            sources[slug] for values in own.values() for slug in values.get("sources", [])
        ]
        labels = _labels(entry.get("labels", []), own)
        if created or self.update:
            cited = [sources[slug] for slug in entry["sources"]] + translation_sources
            if set(step.sources.all()) != set(cited):
                step.sources.set(cited)
            if _labels_differ(step, labels):
                languages = _label_languages_changed(step, labels, created)
                translation_dates.record(step, languages, self.now)
                step.labels.all().delete()
                Label.objects.bulk_create(
                    Label(step=step, order=index, **label) for index, label in enumerate(labels)
                )
                if not created:
                    self.counts["updated"] += 1
        else:
            # Only what is missing: a language's sources where the step cites none in it
            # yet, and label wordings the database does not have. A champion's edits,
            # sources they removed included, stay as they are.
            cited_languages = set(step.sources.values_list("language", flat=True))
            missing_sources = [
                source for source in translation_sources if source.language not in cited_languages
            ]
            step.sources.add(*missing_sources)
            filled = _fill_in_label_translations(step, labels, self.suffixes)
            translation_dates.record(step, filled, self.now)
            if missing_sources or filled:
                self.counts["updated"] += 1
        return step

    def put_other_steps_last(self, guide: Guide, steps: dict[str, Step]) -> None:
        """Steps the file no longer has go after the file's own, in their old order."""
        leftovers = guide.steps.exclude(slug__in=steps).order_by("order")
        for position, step in enumerate(leftovers, start=len(steps) + 1):
            Step.objects.filter(pk=step.pk).update(order=position)

    def load_items(self, guide: Guide, steps: dict[str, Step]) -> None:
        for position, entry in enumerate(self.data["items"], start=1):
            fields = {
                "order": position,
                "title": entry["title"],
                "summary": entry["summary"],
                "step": steps[entry["step"]],
                "optional": entry.get("optional", False),
                "can_be_not_applicable": entry.get("can_be_not_applicable", True),
            }
            own = {
                language: values.get("items", {}).get(entry["slug"], {})
                for language, values in self.translations.items()
            }
            self.save(
                ChecklistItem,
                {"guide": guide, "slug": entry["slug"]},
                translated(fields, own, "item"),
            )

    def load_changes(self, guide: Guide) -> None:
        """The files' corrections, keyed by slug: a second load adds none twice."""
        for entry in self.data.get("changes", []):
            fields = {
                "date": _date(entry["date"]),
                "kind": GuideChange.Kind.CORRECTION,
                "summary": entry["summary"],
            }
            own = {
                language: values.get("changes", {}).get(entry["slug"], {})
                for language, values in self.translations.items()
            }
            self.save(
                GuideChange,
                {"guide": guide, "slug": entry["slug"]},
                translated(fields, own, "change"),
            )


def _stored_is_later(obj, key: str, value) -> bool:
    stored = getattr(obj, key)
    return key.startswith(LATER_WINS) and bool(stored and value) and stored > value


def translated(fields: dict, translations: dict[str, dict], kind: str) -> dict:
    """`fields` (English, by field name) with each translation's value for `kind` added
    under `title_de` etc.; a translation without one stays None and shows English. An
    empty string stays one where it means something (a label with no variants)."""
    result = dict(fields)
    for key in TRANSLATED[kind]:
        if key in fields:
            result[f"{key}_en"] = fields[key]
            for language, values in translations.items():
                value = values.get(key)
                empty_means_none = value == "" and key not in EMPTY_IS_AN_ANSWER
                result[f"{key}_{language}"] = None if empty_means_none else value
    return result


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value) if value else None


def _labels(english, translated_step):
    """The step's labels as Label fields, each language's wording by position."""
    labels = []
    for index, label in enumerate(english):
        fields = {
            "text": label["text"],
            "variants": "\n".join(label.get("variants", [])),
            "note": label.get("note", ""),
        }
        by_language = {}
        for language, values in translated_step.items():
            if values.get("labels") is None:
                continue  # not translated: every field shows English
            own = values["labels"][index]
            by_language[language] = {
                "text": own.get("text", ""),  # "": nobody saw it on screen, so English
                "variants": "\n".join(own.get("variants", [])),
                "note": own.get("note", ""),
            }
        labels.append(translated(fields, by_language, "label"))
    return labels


def _fill_in_label_translations(step, labels, suffixes):
    """Set the translated label fields that are empty in the database, for each label
    whose English is still the file's (a label a champion added, removed or reworded is
    left alone); return the languages whose words were filled in."""
    changed = set()
    by_english = {wanted["text_en"]: wanted for wanted in labels}
    for label in step.labels.all():
        wanted = by_english.get(label.text_en)
        if wanted is None:
            continue
        missing = {
            name: value
            for name, value in wanted.items()
            if name[-3:] in suffixes and value is not None and getattr(label, name) is None
        }
        if missing:
            for name, value in missing.items():
                setattr(label, name, value)
            label.save(update_fields=list(missing))
            changed |= translation_dates.languages_in(Label, missing)
    return changed


def _label_languages_changed(step, labels, created):
    """The languages whose label words the files change: each language's words of every
    label, in order, before and after (a new step's labels: every language with words)."""
    if created:
        return set().union(*(translation_dates.languages_with_text(Label, w) for w in labels))
    stored = list(step.labels.all())
    changed = set()
    for code, _name in settings.LANGUAGES:
        names = [f"{field}_{code}" for field in translation_dates.text_fields(Label)]
        before = [[getattr(label, name) or "" for name in names] for label in stored]
        after = [[wanted.get(name) or "" for name in names] for wanted in labels]
        if before != after:
            changed.add(code)
    return changed


def _labels_differ(step, labels):
    """Whether any column differs; None ("show English") and "" ("none") are not alike."""
    names = [name for name in (labels[0] if labels else {}) if name not in TRANSLATED["label"]]
    stored = [[getattr(label, name) for name in names] for label in step.labels.all()]
    return stored != [[label[name] for name in names] for label in labels]
