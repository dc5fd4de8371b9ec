"""The bundled guide's files: read `guide/content/*.toml` and check every rule they keep.

`linkedin.toml` is the guide in English; `linkedin.<language>.toml` beside it translates
it, keyed by the English slugs (SCHEMA.md). `guide/loading.py` puts them in the database.
"""

import datetime
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from .models import Source, Step

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
    problems += _change_problems(data.get("changes", []))
    return problems


def _change_problems(changes):
    """[[changes]]: the corrections the "What changed" page lists (optional)."""
    problems = []
    slugs = [change.get("slug") for change in changes]
    if len(set(slugs)) != len(slugs) or None in slugs:
        problems.append("every change needs a slug of its own")
    for change in changes:
        name = f"change {change.get('slug')}"
        if not isinstance(change.get("date"), datetime.date):
            problems.append(f"{name} needs date, a TOML date such as 2026-12-04")
        if not str(change.get("summary", "")).strip():
            problems.append(f"{name} needs summary")
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
            ("publisher", publisher_as_shown(source, language) if source.get("publisher") else ""),
            ("url", source.get("url", "")),
        ):
            if len(str(value)) > Source._meta.get_field(key).max_length:
                problems.append(f"{name}: {key} is longer than the database keeps")
    return problems


def publisher_as_shown(source, language):
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
    english_changes = {change.get("slug") for change in data.get("changes", [])}
    for slug, change in translated.get("changes", {}).items():
        if slug not in english_changes:
            problems.append(f"change {slug} is not in the English guide")
        elif not str(change.get("summary", "")).strip():
            problems.append(f"change {slug} needs summary")
    return problems
