from django import template

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
    return f"About {value} minute{'' if value == 1 else 's'}"
