"""Markdown from the content file and the admin, rendered to sanitised HTML.

Admin text is still input: whatever Markdown lets through, nh3 keeps only the tags
a guide needs, and every link gets rel="noopener noreferrer".

A step body may hold a line of three dashes: what comes before it is the action, shown
first; what comes after is background and caveats, which step pages fold into
`<details>` (`split_background`). The print view shows both.
"""

import html
import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "kbd", "a", "ul", "ol", "li",
    "blockquote", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
BACKGROUND_BREAK = re.compile(r"^---[ \t]*$", re.MULTILINE)
HEADING = re.compile(r"<(/?)h([3-4])>")


def split_background(text):
    """(lead, background) of a step body, split at its first `---` line."""
    text = text or ""
    match = BACKGROUND_BREAK.search(text)
    if match is None:
        return text.strip(), ""
    return text[: match.start()].strip(), text[match.end() :].strip()


@lru_cache(maxsize=512)
def render_markdown(text: str, top: int = 3) -> SafeString:
    """`text` as safe HTML, its headings (### and ####) moved to start at level `top`."""
    html_text = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    if top != 3:
        clean = HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) - 3 + top}>", clean)
    return mark_safe(clean)


@lru_cache(maxsize=512)
def plain_summary(text: str, words: int = 30) -> str:
    """The first `words` words of Markdown `text` as plain text, for meta descriptions."""
    rendered = markdown_lib.markdown(text, output_format="html")
    plain = html.unescape(nh3.clean(rendered, tags=set()))
    found = plain.split()
    return " ".join(found[:words]) + ("…" if len(found) > words else "")
