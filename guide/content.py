"""The bundled guide: read, check and load `guide/content/*.toml` into the database.

Loading creates whatever is missing and leaves the rest alone, so a champion's edits
in the admin survive a redeploy; `update=True` makes the file win instead.
"""

import datetime
import tomllib
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from . import page_cache, progress
from .models import ChecklistItem, Guide, Label, Source, Step

BUNDLED_GUIDE = Path(__file__).parent / "content" / "linkedin.toml"
PARTS = {choice.value for choice in Step.Part}


class ContentError(ValueError):
    """The content file breaks a rule; the message lists every problem."""


def parse(path=BUNDLED_GUIDE):
    """The file as it is, rules unchecked."""
    with open(path, "rb") as file:
        return tomllib.load(file)


def read(path=BUNDLED_GUIDE):
    """The file, refused with every problem listed when it breaks a rule."""
    data = parse(path)
    problems = check(data)
    if problems:
        raise ContentError(f"{path}:\n  " + "\n  ".join(problems))
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
    for source in data.get("sources", []):
        for key in ("title", "publisher", "url"):
            if not source.get(key):
                problems.append(f"source {source.get('slug')} needs {key}")
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


def _date(value):
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load(data, *, update=False):
    """Bring the database in line with the file; return how many rows were created/updated."""
    counts = {"created": 0, "updated": 0}

    def save(model, lookup, fields):
        obj, created = model.objects.get_or_create(**lookup, defaults=fields)
        if created:
            counts["created"] += 1
        elif update and any(getattr(obj, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(obj, key, value)
            obj.save()
            counts["updated"] += 1
        return obj, created

    sources = {}
    for entry in data["sources"]:
        sources[entry["slug"]], _ = save(
            Source,
            {"slug": entry["slug"]},
            {
                "title": entry["title"],
                "publisher": entry["publisher"],
                "url": entry["url"],
                "published": _date(entry.get("published")),
            },
        )

    meta = data["guide"]
    guide, _ = save(
        Guide,
        {"slug": meta["slug"]},
        {"title": meta["title"], "intro": meta["intro"], "last_verified": meta["last_verified"]},
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
        step, created = save(Step, {"guide": guide, "slug": entry["slug"]}, fields)
        if created or update:
            cited = [sources[slug] for slug in entry["sources"]]
            if set(step.sources.all()) != set(cited):
                step.sources.set(cited)
            if created or _labels_differ(step, entry.get("labels", [])):
                step.labels.all().delete()
                Label.objects.bulk_create(
                    Label(
                        step=step,
                        order=index,
                        text=label["text"],
                        variants="\n".join(label.get("variants", [])),
                        note=label.get("note", ""),
                    )
                    for index, label in enumerate(entry.get("labels", []))
                )
                if not created:
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
            {
                "order": position,
                "title": entry["title"],
                "summary": entry["summary"],
                "step": steps[entry["step"]],
                "optional": entry.get("optional", False),
                "can_be_not_applicable": entry.get("can_be_not_applicable", True),
            },
        )
    if counts["created"] or counts["updated"]:
        page_cache.content_changed()
        progress.summarise(guide)  # an item added or made optional changes what counts
    return counts


def _labels_differ(step, labels):
    stored = [(label.text, label.variant_list, label.note) for label in step.labels.all()]
    wanted = [(lab["text"], list(lab.get("variants", [])), lab.get("note", "")) for lab in labels]
    return stored != wanted
