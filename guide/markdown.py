"""Markdown from the content file and the admin, rendered to sanitised HTML.

Admin text is still input: whatever Markdown lets through, nh3 keeps only the tags
a guide needs, and every link gets rel="noopener noreferrer".
"""

from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "kbd", "a", "ul", "ol", "li",
    "blockquote", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@lru_cache(maxsize=512)
def render_markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)
