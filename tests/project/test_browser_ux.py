"""Every page at phone and desktop width, light and dark: accessible, one-row header,
a failed tick said at the item, and a print view that fits on four A4 pages."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from tests.browser import sign_in
from tests.conftest import sign_in_link
from tests.factories import ChampionFactory, UserFactory
from tests.guide.test_browser_walkthrough import pdf_pages
from tests.guide.test_pictures import SKETCHED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def log_in(page, base, user):
    sign_in(page, base, user.email)


def header_is_tidy(page):
    """The site's name shows whole on one line (never cut to "LinkedIn AI o…"), and the
    menu's items share one row: beside the name, or under it where both do not fit."""
    return page.evaluate(
        """() => {
          const brand = document.querySelector(".site-header .brand");
          const box = brand.getBoundingClientRect();
          const whole = brand.scrollWidth <= brand.clientWidth + 1
            && box.height < 1.8 * parseFloat(getComputedStyle(brand).lineHeight);
          const rows = new Set([...document.querySelectorAll(".site-header nav li")]
            .map(li => Math.round(li.getBoundingClientRect().top)));
          const fits = document.documentElement.scrollWidth <= window.innerWidth;
          return whole && rows.size === 1 && fits;
        }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_is_accessible_at_both_widths_and_schemes(
    page, live_server, guide, check_accessibility, screenshot, viewport, scheme
):
    size = "phone" if viewport is PHONE else "desktop"
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    base = live_server.url
    champion = ChampionFactory(username="champion@example.com")
    pages = ["/", *(step.get_absolute_url() for step in guide.steps.all()), "/checklist/"]
    pages += ["/print/", "/share/", "/accounts/login/", "/accounts/signup/"]
    for path in pages:
        page.goto(base + path)
        check_accessibility(page)
        assert header_is_tidy(page), f"{path}: the header is cut or wrapped at {size}"
    # A folded done item, its Change control open, and a confirmation at the item.
    page.goto(base + "/checklist/")
    page.locator('[data-item="ai-training"] button[value="done"]').click()
    expect(page.locator('[data-item="ai-training"]')).to_have_attribute("data-state", "done")
    check_accessibility(page)
    page.reload()
    expect(page.locator('[data-item="ai-training"] summary')).to_be_visible()
    check_accessibility(page)
    screenshot(page, f"checklist-{size}-{scheme}")

    # Signing in, page by page: the request, "check your e-mail", the link's one button.
    page.goto(base + "/accounts/login/")
    page.get_by_label("Work e-mail").fill(champion.email)
    page.get_by_role("button", name="E-mail me a sign-in link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    check_accessibility(page)
    page.goto(sign_in_link(mail.outbox[-1]))
    check_accessibility(page)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(base + "/checklist/")
    signed_in = ["/dashboard/", "/dashboard/members/", "/", "/checklist/", "/accounts/"]
    for path in [*signed_in, "/accounts/delete/"]:
        page.goto(base + path)
        check_accessibility(page)
        assert header_is_tidy(page), f"{path} signed in: the header is cut or wrapped at {size}"
    if scheme == "light":
        page.goto(base + "/")
        screenshot(page, f"landing-signed-in-{size}")


# Per sketch: each label's words inside their marked box, and no word under 11.5 px.
SKETCH_PROBLEMS = """svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const problems = [];
  for (const text of svg.querySelectorAll("text.p-text")) {
    const pixels = parseFloat(text.getAttribute("font-size")) * scale;
    if (pixels < 11.5) problems.push(`${text.textContent}: ${pixels.toFixed(1)} px`);
    const box = text.previousElementSibling;
    if (!box || !box.classList.contains("p-mark")) continue;
    const t = text.getBBox(), b = box.getBBox();
    if (t.x < b.x || t.x + t.width > b.x + b.width || t.y < b.y || t.y + t.height > b.y + b.height)
      problems.push(`${text.textContent}: outside its box`);
  }
  return problems;
}"""


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_sketch_is_readable_on_a_phone_and_a_desktop(
    browser, live_server, guide, check_accessibility, screenshot, scheme, language
):
    context = browser.new_context(locale="de-DE" if language == "de" else "en-GB")
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    for viewport in (PHONE, DESKTOP):
        size = "phone" if viewport is PHONE else "desktop"
        page.set_viewport_size(viewport)
        for slug in SKETCHED:
            page.goto(f"{live_server.url}/steps/{slug}/")
            expect(page.locator("html")).to_have_attribute("lang", language)
            sketch = page.locator("figure.picture svg[role=img]")
            expect(sketch).to_be_visible()
            assert sketch.evaluate(SKETCH_PROBLEMS) == [], (slug, language, size)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{slug}: scrolls sideways at {size}"
            check_accessibility(page)
            screenshot(page, f"picture-{slug}-{language}-{size}-{scheme}")
    context.close()


def test_a_failed_tick_says_not_saved_at_the_item(page, live_server, guide):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/checklist/")
    item = page.locator('[data-item="manage-data-and-activity"]')
    page.route("**/checklist/*/", lambda route: route.fulfill(status=500, body="boom"))
    item.locator('button[value="done"]').click()
    error = item.locator("[role=status][data-tick-error]")
    expect(error).to_have_text("Not saved — try again")
    expect(error).to_be_in_viewport()
    expect(item).to_have_attribute("data-state", "todo")

    page.unroute("**/checklist/*/")
    page.route("**/checklist/*/", lambda route: route.abort())
    item.locator('button[value="done"]').click()
    expect(error).to_have_text("Not saved — try again")

    page.unroute("**/checklist/*/")
    item.locator('button[value="done"]').click()
    expect(item).to_have_attribute("data-state", "done")
    expect(page.locator("[data-tick-error]:not(:empty)")).to_have_count(0)


def test_after_signing_in_elsewhere_a_tick_is_refused_once_then_saved(browser, live_server, guide):
    context = browser.new_context()
    base = live_server.url
    first = context.new_page()
    first.goto(base + "/checklist/")
    other = context.new_page()
    log_in(other, base, ChampionFactory(username="ada@example.com"))  # renews the token
    item = first.locator('[data-item="manage-data-and-activity"]')
    item.locator('button[value="done"]').click()
    expect(item.locator("[data-tick-error]")).to_have_text("Not saved — try again")
    first.wait_for_timeout(500)  # the fresh token arrives
    item.locator('button[value="done"]').click()
    expect(item).to_have_attribute("data-state", "done")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_phone_header_shows_the_whole_name_signed_in_or_not(
    browser, live_server, guide, screenshot, language, scheme
):
    context = browser.new_context(
        locale="de-DE" if language == "de" else "en-GB", viewport=PHONE, color_scheme=scheme
    )
    page = context.new_page()
    base = live_server.url
    for signed_in in (False, True):
        if signed_in:
            email = f"{language}-{scheme}@example.com"
            UserFactory(email=email, username=email, language=language)
            Client().post("/accounts/login/code/", {"email": email})
            page.goto(sign_in_link(mail.outbox[-1]))
            page.locator("main form button").click()
            page.wait_for_url(base + "/checklist/")
        page.goto(base + "/")
        expect(page.locator(".site-header .brand")).to_have_text(settings.SITE_NAME)
        tops = page.locator(".site-header nav a, .site-header nav button").evaluate_all(
            "els => els.map(el => Math.round(el.getBoundingClientRect().top))"
        )
        assert len(set(tops)) == 1, tops
        assert header_is_tidy(page), (language, scheme, signed_in)
        state = "signed-in" if signed_in else "visitor"
        screenshot(page, f"header-phone-{language}-{scheme}-{state}")
    page.set_viewport_size(DESKTOP)
    page.goto(base + "/")
    assert header_is_tidy(page)
    brand, menu = (
        page.locator(sel).bounding_box() for sel in (".site-header .brand", ".site-header nav")
    )
    assert abs(brand["y"] + brand["height"] / 2 - menu["y"] - menu["height"] / 2) < 4
    screenshot(page, f"header-desktop-{language}-{scheme}")
    context.close()


def test_without_javascript_a_tick_returns_to_the_item_with_a_confirmation(
    browser, live_server, guide
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    step = guide.steps.get(slug="switch-it-off")
    page.goto(live_server.url + step.get_absolute_url())
    page.locator('[data-item="ai-training"] button[value="done"]').click()
    page.wait_for_url("**#item-ai-training")
    saved = page.locator('[data-item="ai-training"] .item-saved')
    expect(saved).to_contain_text("Saved:")
    expect(saved).to_be_in_viewport()
    # The Change control opens without JavaScript.
    page.locator('[data-item="ai-training"] summary').click()
    expect(page.locator('[data-item="ai-training"] button[value="todo"]')).to_be_visible()
    context.close()


def test_print_shows_each_address_once_in_paper_words_on_four_pages(
    page, live_server, guide, tmp_path
):
    page.goto(live_server.url + "/print/")
    page.emulate_media(media="print")
    text = page.locator("main").inner_text()
    # Paper has no buttons of ours (LinkedIn's own, like "Request archive", may be named).
    assert not re.search(r"button (below|above|opens|does not)|the buttons? here", text, re.I)
    printed = re.findall(r"https?://[^\s)]+", text)
    printed += [
        url
        for url in page.locator("main a[href^=http]").evaluate_all(
            "els => els.filter(el => el.offsetParent !== null).map(el =>"
            " getComputedStyle(el, '::after').content)"
        )
        if url not in ("none", "normal")
    ]
    urls = [re.sub(r'^"\s*\(|\)"$', "", url).rstrip("/.") for url in printed]
    assert len(urls) == len(set(urls)), sorted(urls)
    names = page.locator("main section[aria-labelledby], nav").evaluate_all(
        "els => els.map(el => el.getAttribute('aria-label') ||"
        " document.getElementById(el.getAttribute('aria-labelledby')).textContent.trim())"
    )
    assert len(names) == len(set(names)), names
    assert pdf_pages(page.pdf(path=tmp_path / "guide.pdf", format="A4")) <= 4
