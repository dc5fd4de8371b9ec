from django import template
from django.conf import settings
from django.utils.translation import get_language, ngettext
from modeltranslation.utils import build_localized_fieldname

from guide.markdown import plain_summary, render_markdown

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
def for_reader(sources):
    """The sources a reader is shown: the English ones and those in their language."""
    shown = {settings.MODELTRANSLATION_DEFAULT_LANGUAGE, get_language()}
    return [source for source in sources if source.language in shown]
