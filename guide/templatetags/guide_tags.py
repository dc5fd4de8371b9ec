import textwrap

from django import template
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from modeltranslation.utils import build_localized_fieldname

from guide import translation_dates
from guide.markdown import plain_summary, render_markdown
from guide.models import Label

register = template.Library()


@register.filter
def markdown(text, top=3):
    """Markdown to safe HTML; `top` is the level its ### headings take on this page."""
    return render_markdown(text or "", int(top))


@register.filter
def summary(text, words=30):
    """Markdown as a short plain-text summary (meta descriptions)."""
    return plain_summary(text or "", int(words))


@register.filter
def minutes(value):
    """'About 1 minute', 'About 3 minutes'."""
    return ngettext("About %(count)d minute", "About %(count)d minutes", value) % {"count": value}


@register.filter
def untranslated(obj, field):
    """Whether the reader's language has no text of its own for `field`, so that the page
    shows the English one: the page then marks it (lang="en" and a note)."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = get_language() or default
    if language == default:
        return False
    english = getattr(obj, build_localized_fieldname(field, default), None)
    return bool(english) and not getattr(obj, build_localized_fieldname(field, language), None)


@register.filter
def older_translation(obj):
    """When the English changed after the reader's language's words last did (the page
    then says so), or None: guide/translation_dates.py."""
    return translation_dates.older_since(obj, get_language() or translation_dates.ENGLISH)


@register.filter
def for_reader(sources):
    """The sources a reader is shown: the English ones and those in their language."""
    shown = {settings.MODELTRANSLATION_DEFAULT_LANGUAGE, get_language()}
    return [source for source in sources if source.language in shown]


# --- Sketches of LinkedIn's pages (templates/guide/pictures/) ---------------------------

# Average width of a character as a share of the font size: generous (DejaVu Sans, the
# widest common system font: 0.54 and 0.61), so that a line stays in its box.
CHARACTER_WIDTH = {"normal": 0.56, "bold": 0.63}


class MissingLabel(Exception):
    """A sketch draws a label the step does not have (a champion removed it)."""


@register.simple_tag
def numbered_sources(steps, sources):
    """The print view's sources, numbered as the reader is shown them, and each step with
    the numbers of those it cites: "Sources: 2, 5" takes a line where the publishers' names
    took three, and the list at the end says the rest."""
    shown = for_reader(sources)
    numbers = {source.pk: number for number, source in enumerate(shown, start=1)}
    cited = [
        (step, sorted(numbers[s.pk] for s in for_reader(step.sources.all()) if s.pk in numbers))
        for step in steps
    ]
    return {"sources": list(enumerate(shown, start=1)), "steps": cited}


@register.simple_tag
def picture(step):
    """The sketch of where the step's labels are on LinkedIn's page, drawn by
    templates/guide/pictures/<slug>.svg.html with the labels in the reader's language;
    nothing for a step that has no sketch, or lacks a label its sketch draws."""
    try:
        template = get_template(f"guide/pictures/{step.slug}.svg.html")
    except TemplateDoesNotExist:
        return ""
    try:
        return template.render({"step": step, "labels": list(step.labels.all())})
    except MissingLabel:
        return ""


@register.simple_tag
def sketch_label(
    label,
    x,
    y,
    width,
    number=None,
    size=14,
    lines=2,
    weight="normal",
    text_width=None,
    box_top=None,
    centre=False,
):
    """A label as LinkedIn's page shows it, marked: its words wrapped into at most `lines`
    lines centred on `y` (SVG does not wrap text), a box `width` wide around them (from
    `box_top` when it also holds an icon), and the label's number in the list of words to
    look for. `labels.N` of a step without an Nth label draws no picture at all."""
    if not isinstance(label, Label):
        raise MissingLabel(label)
    room = (text_width or width - 16) / (size * CHARACTER_WIDTH[weight])
    rows = textwrap.wrap(
        label.text, max(int(room), 4), break_long_words=False, break_on_hyphens=False
    ) or [""]
    if len(rows) > lines:
        rows = rows[:lines]
        rows[-1] = rows[-1][: int(room) - 1].rstrip() + "…"
    leading = size * 1.25
    bottom = y + len(rows) * leading / 2 + 5
    top = y - len(rows) * leading / 2 - 5 if box_top is None else box_top
    first = y - (len(rows) - 1) * leading / 2 + size * 0.35  # the first line's baseline
    left = x + width / 2 if centre else x + 8
    attributes = ' text-anchor="middle"' if centre else ""
    if untranslated(label, "text"):
        attributes += ' lang="en"'
    parts = [
        format_html(
            '<rect class="p-mark" x="{}" y="{}" width="{}" height="{}" rx="5"/>',
            *map(number_text, (x, top, width, bottom - top)),
        ),
        format_html(
            '<text class="p-text" x="{}" y="{}" font-size="{}" font-weight="{}"{}>{}</text>',
            number_text(left),
            number_text(first),
            number_text(size),
            weight,
            mark_safe(attributes),
            format_html_join(
                "",
                '<tspan x="{}" dy="{}">{}</tspan>',
                (
                    (number_text(left), number_text(n and leading), row)
                    for n, row in enumerate(rows)
                ),
            ),
        ),
    ]
    if number:
        parts.append(
            format_html(
                '<circle class="p-num" cx="{0}" cy="{1}" r="9"/><text class="p-num-text" '
                'x="{0}" y="{2}" font-size="12" text-anchor="middle">{3}</text>',
                number_text(x),
                number_text(top),
                number_text(top + 4.2),
                number,
            )
        )
    return mark_safe("".join(parts))


def number_text(value):
    """A coordinate as SVG reads it, whatever the language: 12.5, never 12,5."""
    return f"{round(float(value), 1):g}"
