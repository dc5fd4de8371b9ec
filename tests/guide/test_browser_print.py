"""The print view on paper and on screen: small print never larger than the text it
annotates, and no line in a step that is not part of a sketch or a label's box."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}

# Font sizes in px of a step's text and of every line of small print beside it.
SIZES = """() => {
  const size = el => parseFloat(getComputedStyle(el).fontSize);
  const body = size(document.querySelector('.print-step .prose p'));
  const small = [...document.querySelectorAll(
    '.print-step > p.meta, .sources li, .sources a, .label-note, .label-variants')];
  return {body, larger: small.filter(el => size(el) > body)
    .map(el => `${el.className || el.tagName}: ${size(el)}px: ${el.textContent.slice(0, 40)}`)};
}"""

# Rules (borders, <hr>) inside each step, other than the label boxes and the sketches.
RULES = """() => [...document.querySelectorAll('.print-step *')]
  .filter(el => !el.closest('svg') && !el.classList.contains('ui-label'))
  .filter(el => {
    if (el.tagName === 'HR') return el.getBoundingClientRect().height > 0;
    const style = getComputedStyle(el);
    return ['Top', 'Bottom'].some(side => style[`border${side}Style`] !== 'none'
      && parseFloat(style[`border${side}Width`]) > 0);
  })
  .map(el => `${el.closest('.print-step').id}: ${el.tagName}.${el.className}`)"""


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_print_view_keeps_small_print_small_and_draws_no_stray_rule(
    browser, live_server, guide, screenshot, language, scheme
):
    context = browser.new_context(
        locale="de-DE" if language == "de" else "en-GB", color_scheme=scheme
    )
    page = context.new_page()
    for media in ("print", "screen"):
        page.emulate_media(media=media)
        for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
            page.set_viewport_size(viewport)
            page.goto(live_server.url + "/print/")
            sizes = page.evaluate(SIZES)
            assert sizes["larger"] == [], (media, size, sizes)
            rules = [
                rule for rule in page.evaluate(RULES) if media == "print" or ".labels" not in rule
            ]
            assert rules == [], (media, size)
            if media == "screen":
                screenshot(page, f"print-{size}-{language}-{scheme}")
    context.close()
