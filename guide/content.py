"""The bundled guide: read, check and load `guide/content/*.toml` into the database.

`linkedin.toml` is the guide in English; `linkedin.<language>.toml` beside it translates
it, keyed by the English slugs (SCHEMA.md). Loading creates whatever is missing — rows,
and translations not yet in the database — and leaves the rest alone, so a champion's
edits in the admin survive a redeploy; `update=True` makes the files win instead.
"""

import datetime
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext
from modeltranslation.translator import translator

from . import page_cache, progress
from .models import ChecklistItem, Guide, Label, Source, Step

BUNDLED_GUIDE = Path(__file__).parent / "content" / "linkedin.toml"
PARTS = {choice.value for choice in Step.Part}
# What a source's `url` is: the article itself, or (when nobody recorded the article's
# own address) the publisher's home page, which the page then says.
URL_IS = ("article", "publisher")


class ContentError(ValueError):
    """The content file breaks a rule; the message lists every problem."""


def parse(path=BUNDLED_GUIDE):
    """The file as it is, rules unchecked."""
    with open(path, "rb") as file:
        return tomllib.load(file)


def translation_paths(path=BUNDLED_GUIDE):
    """The translations that sit beside a guide file, by language."""
    path = Path(path)
    found = {}
    for language, _name in settings.LANGUAGES:
        candidate = path.with_name(f"{path.stem}.{language}{path.suffix}")
        if language != settings.MODELTRANSLATION_DEFAULT_LANGUAGE and candidate.exists():
            found[language] = candidate
    return found


def read(path=BUNDLED_GUIDE):
    """The file and its translations (under "translations"), refused with every problem
    listed when one breaks a rule."""
    data = parse(path)
    problems = check(data)
    if problems:
        raise ContentError(f"{path}:\n  " + "\n  ".join(problems))
    data["translations"] = {}
    for language, translation_path in translation_paths(path).items():
        translated = parse(translation_path)
        problems = check_translation(data, translated)
        if problems:
            raise ContentError(f"{translation_path}:\n  " + "\n  ".join(problems))
        data["translations"][language] = translated
    return data


def check(data):
    """Every rule the file must keep, as a list of readable problems (empty when fine)."""
    problems = []
    guide = data.get("guide", {})
    for key in ("slug", "title", "intro", "last_verified"):
        if not guide.get(key):
            problems.append(f"[guide] needs {key}")
    source_slugs = [source.get("slug") for source in data.get("sources", [])]
    step_slugs = [step.get("slug") for step in data.get("steps", [])]
    item_slugs = [item.get("slug") for item in data.get("items", [])]
    for kind, slugs in (("source", source_slugs), ("step", step_slugs), ("item", item_slugs)):
        if not slugs:
            problems.append(f"there is no {kind}")
        if len(set(slugs)) != len(slugs) or None in slugs:
            problems.append(f"every {kind} needs a slug of its own")
    problems += _source_problems(
        data.get("sources", []), settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    )
    for step in data.get("steps", []):
        name = f"step {step.get('slug')}"
        for key in ("title", "body", "last_verified"):
            if not step.get(key):
                problems.append(f"{name} needs {key}")
        minutes = step.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
            problems.append(f"{name} needs minutes, a whole number of at least 1")
        if step.get("part") not in PARTS:
            problems.append(f"{name}: part must be one of {sorted(PARTS)}")
        if not step.get("sources"):
            problems.append(f"{name} cites no source")
        for slug in step.get("sources", []):
            if slug not in source_slugs:
                problems.append(f"{name} cites unknown source {slug}")
        for label in step.get("labels", []):
            if not str(label.get("text", "")).strip():
                problems.append(f"{name} has a label with no text")
            if any(not str(variant).strip() for variant in label.get("variants", [])):
                problems.append(f"{name} has an empty variant of {label.get('text')!r}")
    for item in data.get("items", []):
        name = f"item {item.get('slug')}"
        for key in ("title", "summary"):
            if not item.get(key):
                problems.append(f"{name} needs {key}")
        if not isinstance(item.get("can_be_not_applicable", True), bool):
            problems.append(f"{name}: can_be_not_applicable must be true or false")
        if item.get("step") not in step_slugs:
            problems.append(f"{name} points to unknown step {item.get('step')}")
    return problems


def _source_problems(sources, language):
    problems = []
    for source in sources:
        name = f"source {source.get('slug')}"
        problems += [
            f"{name} needs {key}" for key in ("title", "publisher", "url") if not source.get(key)
        ]
        url_is = source.get("url_is", "article")
        if url_is not in URL_IS:
            problems.append(f"{name}: url_is must be one of {list(URL_IS)}")
        address = urlsplit(str(source.get("url", "")))
        home_page = address.path in ("", "/") and not address.query
        if source.get("url") and url_is == "article" and home_page:
            problems.append(
                f"{name}: {source['url']} is a home page, not an article; where the article's "
                'address is not known, say url_is = "publisher"'
            )
        if url_is == "publisher" and not home_page:
            problems.append(f'{name}: url_is = "publisher" takes the publisher\'s home page')
        for key, value in (
            ("title", source.get("title", "")),
            ("publisher", _publisher(source, language) if source.get("publisher") else ""),
            ("url", source.get("url", "")),
        ):
            if len(str(value)) > Source._meta.get_field(key).max_length:
                problems.append(f"{name}: {key} is longer than the database keeps")
    return problems


def _publisher(source, language):
    """The publisher as shown: where the link is only the publisher's home page, it says
    that the article's own address was not recorded."""
    if source.get("url_is", "article") == "article":
        return source["publisher"]
    with translation.override(language):
        return gettext("%(publisher)s — article address not recorded") % {
            "publisher": source["publisher"]
        }


def check_translation(data, translated):
    """A translation's problems: it must follow the English guide slug for slug and label
    for label, and every translated step cites at least one source in its language."""
    problems = []
    source_slugs = {source.get("slug") for source in data.get("sources", [])}
    own_sources = [source.get("slug") for source in translated.get("sources", [])]
    if len(set(own_sources)) != len(own_sources) or source_slugs & set(own_sources):
        problems.append("every source needs a slug of its own, unlike the English ones")
    language = translated.get("language") or settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    problems += _source_problems(translated.get("sources", []), language)
    english_steps = {step["slug"]: step for step in data.get("steps", [])}
    for slug, step in translated.get("steps", {}).items():
        name = f"step {slug}"
        if slug not in english_steps:
            problems.append(f"{name} is not in the English guide")
            continue
        for key in ("title", "body"):
            if key in step and not step[key]:
                problems.append(f"{name} has an empty {key}")
        if not step.get("sources"):
            problems.append(f"{name} cites no source in its language")
        for cited in step.get("sources", []):
            if cited not in own_sources:
                problems.append(f"{name} cites unknown source {cited}")
        labels = step.get("labels")
        if labels is not None and len(labels) != len(english_steps[slug].get("labels", [])):
            problems.append(f"{name} needs one label per English label, in the same order")
        for label in labels or []:
            if not isinstance(label.get("text", ""), str):
                problems.append(f"{name} has a label whose text is not a string")
    english_items = {item["slug"] for item in data.get("items", [])}
    for slug in translated.get("items", {}):
        if slug not in english_items:
            problems.append(f"item {slug} is not in the English guide")
    return problems


def _translated(fields, translations, name):
    """`fields` (English, by field name) with each translation's value for `name` added
    under `title_de` etc.; a translation without one stays None and shows English. An
    empty string stays one where it means something (a label with no variants)."""
    translated = dict(fields)
    for key in TRANSLATED[name]:
        if key in fields:
            translated[f"{key}_en"] = fields[key]
            for language, values in translations.items():
                value = values.get(key)
                empty_means_none = value == "" and key not in EMPTY_IS_AN_ANSWER
                translated[f"{key}_{language}"] = None if empty_means_none else value
    return translated


# Fields where a translation's "" is its answer, not a gap (guide/translation.py agrees).
EMPTY_IS_AN_ANSWER = {"variants", "note"}


def _translated_fields(model):
    """The fields guide/translation.py registers for `model`: one list, kept there."""
    return tuple(translator.get_options_for_model(model).fields)


# The translated fields, by the names the content files give the models.
TRANSLATED = {
    "guide": _translated_fields(Guide),
    "step": _translated_fields(Step),
    "label": _translated_fields(Label),
    "item": _translated_fields(ChecklistItem),
}


def _date(value):
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load(data, *, update=False):
    """Bring the database in line with the files; return how many rows were created/updated."""
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return _load(data, data.get("translations", {}), update=update)


def _load(data, translations, *, update):
    counts = {"created": 0, "updated": 0}

    def save(model, lookup, fields):
        obj, created = model.objects.get_or_create(**lookup, defaults=fields)
        if created:
            counts["created"] += 1
            return obj, created
        if update:
            changed = {key: value for key, value in fields.items() if getattr(obj, key) != value}
        else:  # a translation the database does not have yet is missing, so it is added
            changed = {
                key: value
                for key, value in fields.items()
                if key[-3:] in translation_suffixes and value and not getattr(obj, key)
            }
        if changed:
            for key, value in changed.items():
                setattr(obj, key, value)
            obj.save()
            counts["updated"] += 1
        return obj, created

    translation_suffixes = {f"_{language}" for language in translations}
    sources = {}
    for language, entries in [(settings.MODELTRANSLATION_DEFAULT_LANGUAGE, data["sources"])] + [
        (language, values.get("sources", [])) for language, values in translations.items()
    ]:
        for entry in entries:
            sources[entry["slug"]], _ = save(
                Source,
                {"slug": entry["slug"]},
                {
                    "title": entry["title"],
                    "publisher": _publisher(entry, language),
                    "url": entry["url"],
                    "published": _date(entry.get("published")),
                    "language": language,
                },
            )

    meta = data["guide"]
    guide, _ = save(
        Guide,
        {"slug": meta["slug"]},
        _translated(
            {
                "title": meta["title"],
                "intro": meta["intro"],
                "last_verified": meta["last_verified"],
            },
            {language: values.get("guide", {}) for language, values in translations.items()},
            "guide",
        ),
    )

    wanted_order = {entry["slug"]: n for n, entry in enumerate(data["steps"], start=1)}
    stored_order = dict(guide.steps.values_list("slug", "order"))
    if update and any(wanted_order.get(slug) != order for slug, order in stored_order.items()):
        # Clear the way for the file's order without tripping the unique constraint.
        offset = max(stored_order.values()) + len(wanted_order) + 1
        for step in guide.steps.all():
            Step.objects.filter(pk=step.pk).update(order=step.order + offset)
    steps = {}
    for position, entry in enumerate(data["steps"], start=1):
        existing = guide.steps.filter(slug=entry["slug"]).first()
        order = position
        if existing is None and not update and guide.steps.filter(order=order).exists():
            order = guide.steps.aggregate(top=Max("order"))["top"] + 1
        fields = {
            "part": entry["part"],
            "title": entry["title"],
            "body": entry["body"],
            "phone": entry.get("phone", ""),
            "linkedin_url": entry.get("linkedin_url", ""),
            "last_verified": entry["last_verified"],
            "minutes": entry["minutes"],
        }
        if existing is None or update:
            fields["order"] = order
        translated_step = {
            language: values.get("steps", {}).get(entry["slug"], {})
            for language, values in translations.items()
        }
        step, created = save(
            Step,
            {"guide": guide, "slug": entry["slug"]},
            _translated(fields, translated_step, "step"),
        )
        translation_sources = [
            sources[slug]
            for values in translated_step.values()
            for slug in values.get("sources", [])
        ]
        labels = _labels(entry.get("labels", []), translated_step)
        if created or update:
            cited = [sources[slug] for slug in entry["sources"]] + translation_sources
            if set(step.sources.all()) != set(cited):
                step.sources.set(cited)
            if _labels_differ(step, labels):
                step.labels.all().delete()
                Label.objects.bulk_create(
                    Label(step=step, order=index, **label) for index, label in enumerate(labels)
                )
                if not created:
                    counts["updated"] += 1
        else:
            # Only what is missing: a language's sources where the step cites none in it
            # yet, and label wordings the database does not have. A champion's edits,
            # sources they removed included, stay as they are.
            cited_languages = set(step.sources.values_list("language", flat=True))
            missing_sources = [
                source for source in translation_sources if source.language not in cited_languages
            ]
            step.sources.add(*missing_sources)
            filled = _fill_in_label_translations(step, labels, translation_suffixes)
            if missing_sources or filled:
                counts["updated"] += 1
        steps[entry["slug"]] = step
    if update:
        # Steps the file no longer has go after the file's own, in their old order.
        leftovers = guide.steps.exclude(slug__in=steps).order_by("order")
        for position, step in enumerate(leftovers, start=len(steps) + 1):
            Step.objects.filter(pk=step.pk).update(order=position)

    for position, entry in enumerate(data["items"], start=1):
        save(
            ChecklistItem,
            {"guide": guide, "slug": entry["slug"]},
            _translated(
                {
                    "order": position,
                    "title": entry["title"],
                    "summary": entry["summary"],
                    "step": steps[entry["step"]],
                    "optional": entry.get("optional", False),
                    "can_be_not_applicable": entry.get("can_be_not_applicable", True),
                },
                {
                    language: values.get("items", {}).get(entry["slug"], {})
                    for language, values in translations.items()
                },
                "item",
            ),
        )
    if counts["created"] or counts["updated"]:
        page_cache.content_changed()
        progress.summarise(guide)  # an item added or made optional changes what counts
    return counts


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
        labels.append(_translated(fields, by_language, "label"))
    return labels


def _fill_in_label_translations(step, labels, suffixes):
    """Set the translated label fields that are empty in the database, for each label
    whose English is still the file's (a label a champion added, removed or reworded is
    left alone); return whether anything changed."""
    changed = False
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
            changed = True
    return changed


def _labels_differ(step, labels):
    """Whether any column differs; None ("show English") and "" ("none") are not alike."""
    names = [name for name in (labels[0] if labels else {}) if name not in TRANSLATED["label"]]
    stored = [[getattr(label, name) for name in names] for label in step.labels.all()]
    return stored != [[label[name] for name in names] for label in labels]
