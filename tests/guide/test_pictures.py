"""Each step that asks the colleague to find something shows a sketch of where it is: our
own drawing, with the step's labels from the database in the reader's language, and alt
text that says what the sketch shows."""

import html
import re

from django.utils import translation
from django.utils.html import escape

from guide import page_cache
from guide.models import Label
from guide.templatetags.guide_tags import sketch_label

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}

# The steps with a sketch, and which of their labels (by position) it draws and names.
SKETCHED = {
    "open-settings": [0, 1],
    "find-the-ai-setting": [0, 1, 2],
    "switch-it-off": [0],
    "how-linkedin-uses-your-data": [0],
    "manage-data-and-activity": [0],
    "get-a-copy-of-your-data": [0, 1],
    "data-sharing-with-microsoft": [1, 2],
}
ON_PAPER = ["open-settings", "find-the-ai-setting", "switch-it-off"]


def sketch(page, slug):
    """(alt text, words drawn in the sketch's marked boxes, the svg) of one step's sketch."""
    found = re.search(
        rf'<svg viewBox="[^"]+" role="img" aria-labelledby="picture-{slug}">'
        rf'<title id="picture-{slug}">(.*?)</title>(.*?)</svg>',
        page,
        re.S,
    )
    assert found, f"no sketch for {slug}"
    alt, drawing = found.groups()
    words = [  # a label's lines are <tspan>s; our own words ("Off") are plain <text>
        " ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", text))
        for text in re.findall(r'<text class="p-text"[^>]*>(<tspan.*?)</text>', drawing)
    ]
    return html.unescape(alt), [html.unescape(w) for w in words], found.group(0)


def labels_of(step, language):
    with translation.override(language):
        labels = list(step.labels.all())
        return [labels[index].text for index in SKETCHED[step.slug]]


def test_each_step_that_asks_to_find_something_shows_a_sketch_with_its_labels(client, guide):
    for slug in SKETCHED:
        step = guide.steps.get(slug=slug)
        page = client.get(step.get_absolute_url()).content.decode()
        alt, words, _ = sketch(page, slug)
        assert alt.startswith("Sketch of")
        for label in labels_of(step, "en"):
            assert f"“{label}”" in alt, (slug, label)
            assert label in words, (slug, words)
        assert "A sketch, not a screenshot" in page
        # Near the lead: after the link to LinkedIn, before the list of labels it numbers.
        assert page.index("Open this setting on LinkedIn") < page.index('<figure class="picture">')
        assert page.index('<figure class="picture">') < page.index('<div class="labels">')


def test_the_german_sketches_show_linkedins_german_labels(client, guide):
    for slug in SKETCHED:
        step = guide.steps.get(slug=slug)
        page = client.get(step.get_absolute_url(), **GERMAN).content.decode()
        alt, words, drawing = sketch(page, slug)
        assert alt.startswith("Skizze")
        for label in labels_of(step, "de"):
            assert f"„{label}“" in alt, (slug, label)
            assert label in words, (slug, words)
        assert "Eine Skizze, kein Bildschirmfoto" in page
        assert "Sketch" not in page
        if slug in ("switch-it-off", "data-sharing-with-microsoft"):
            assert ">Aus</text>" in drawing and "auf „Aus“ gestellt" in alt
        # SVG coordinates are numbers, not German decimals ("2,0" draws nothing).
        assert not re.search(r'(x|y|cx|cy|r|width|height|dy|font-size)="-?\d+,\d', drawing)


def test_a_label_without_german_wording_is_drawn_in_english_and_marked_so(client, guide):
    step = guide.steps.get(slug="manage-data-and-activity")
    page = client.get(step.get_absolute_url(), **GERMAN).content.decode()
    _, _, drawing = sketch(page, step.slug)
    assert re.search(r'<text class="p-text"[^>]* lang="en">.*Manage your', drawing)
    english = client.get(step.get_absolute_url()).content.decode()
    assert 'lang="en"' not in sketch(english, step.slug)[2]


def test_steps_with_nothing_to_find_have_no_sketch(client, guide):
    for step in guide.steps.exclude(slug__in=SKETCHED):
        assert "<svg" not in client.get(step.get_absolute_url()).content.decode()
    assert "<svg" not in client.get("/").content.decode()


def test_the_print_view_shows_the_sketches_of_the_switch_off_steps(client, guide):
    page = client.get("/print/").content.decode()
    for slug in ON_PAPER:
        step = guide.steps.get(slug=slug)
        alt, words, _ = sketch(page, slug)
        for label in labels_of(step, "en"):
            assert label in words and f"“{label}”" in alt
    # Four printed pages hold no more (tests/test_browser_ux.py prints them).
    assert page.count('<figure class="picture">') == len(ON_PAPER)
    german = client.get("/print/", **GERMAN).content.decode()
    for slug in ON_PAPER:
        step = guide.steps.get(slug=slug)
        alt, words, _ = sketch(german, slug)
        for label in labels_of(step, "de"):
            assert label in words and f"„{label}“" in alt


def test_a_sketch_draws_what_the_database_says_after_an_edit(client, guide):
    label = Label.objects.get(step__slug="switch-it-off")
    label.text_en = "Allow training of writing AI"
    label.save()
    page_cache.content_changed()
    page = client.get("/steps/switch-it-off/").content.decode()
    alt, words, _ = sketch(page, "switch-it-off")
    assert words == ["Allow training of writing AI"]
    assert "“Allow training of writing AI”" in alt


def test_a_sketch_missing_a_label_it_draws_is_left_out(client, guide):
    step = guide.steps.get(slug="get-a-copy-of-your-data")
    step.labels.order_by("order").last().delete()
    page_cache.content_changed()
    response = client.get(step.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" not in page
    assert f'<span class="ui-label">{escape(step.labels.get().text)}</span>' in page


def test_sketches_use_classes_not_inline_styles(client, guide):
    for slug in SKETCHED:
        page = client.get(f"/steps/{slug}/").content.decode()
        _, _, drawing = sketch(page, slug)
        assert "style" not in drawing  # the Content-Security-Policy allows none inline
        assert not re.search(r'(fill|stroke)="', drawing)  # colours from site.css: dark mode


def test_a_long_label_wraps_into_its_box_and_is_cut_short_after_its_lines():
    label = Label(text="Use my data for training content creation AI models " * 4)
    drawn = sketch_label(label, x=10, y=100, width=200, lines=3)
    rows = re.findall(r"<tspan[^>]*>(.*?)</tspan>", drawn)
    assert len(rows) == 3
    assert rows[-1].endswith("…")
    assert all(len(row) <= (200 - 16) / (14 * 0.56) for row in rows)
    # The box grows with the lines: three lines of 17.5 and 5 above and below.
    assert 'height="62.5"' in drawn


def test_a_warm_step_page_with_a_sketch_runs_no_query(client, guide, django_assert_num_queries):
    client.get("/steps/find-the-ai-setting/")
    with django_assert_num_queries(0):
        page = client.get("/steps/find-the-ai-setting/").content.decode()
    assert '<figure class="picture">' in page
