"""A colleague walks the whole guide in a real browser, with the keyboard alone."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def tab_to(page, selector, limit=60):
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} never received focus after {limit} tabs on {page.url}")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_walk_every_step_with_the_keyboard(
    page, live_server, guide, foreign_requests, check_accessibility, screenshot, viewport
):
    size = "phone" if viewport is PHONE else "desktop"
    page.set_viewport_size(viewport)
    steps = list(guide.steps.all())

    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == guide.title
    check_accessibility(page)
    screenshot(page, f"landing-{size}")

    tab_to(page, "a.button-primary")
    page.keyboard.press("Enter")
    for number, step in enumerate(steps, start=1):
        page.wait_for_url(f"**{step.get_absolute_url()}")
        assert page.get_by_text(f"Step {number} of {len(steps)}").is_visible()
        assert page.get_by_role("heading", level=1).inner_text() == step.title
        check_accessibility(page)
        screenshot(page, f"step-{number}-{size}")
        if number < len(steps):
            tab_to(page, 'a[rel="next"]')
            page.keyboard.press("Enter")

    tab_to(page, "a.button-primary")  # "Finish: back to the overview"
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + "/print/")
    check_accessibility(page)
    screenshot(page, f"print-{size}")

    page.goto(live_server.url + "/steps/no-such-step/")
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    check_accessibility(page)

    assert foreign_requests == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, live_server, guide):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_dark_mode_follows_the_system_setting_and_keeps_its_contrast(
    browser, live_server, guide, check_accessibility, screenshot
):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 22, 25)"
    check_accessibility(page)
    for path in [guide.steps.get(slug="switch-it-off").get_absolute_url(), "/checklist/"]:
        page.goto(live_server.url + path)
        # A done item folds its buttons behind "Change": tick one still to do.
        page.locator('[data-state="todo"] button[value="done"]').first.click()
        page.wait_for_selector('[data-state="done"]')
        check_accessibility(page)
    screenshot(page, "checklist-dark")
    context.close()


def test_the_print_view_prints_without_the_site_chrome(page, live_server, guide, tmp_path):
    page.goto(live_server.url + "/print/")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    for step in guide.steps.all():
        assert page.get_by_role("heading", name=step.title).is_visible()
    assert 1 < pdf_pages(page.pdf(path=tmp_path / "guide.pdf", format="A4")) <= 4


def pdf_pages(pdf):
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_poster_fits_on_one_printed_page(page, live_server, db, tmp_path):
    page.goto(live_server.url + "/share/poster/")
    assert pdf_pages(page.pdf(path=tmp_path / "poster.pdf", format="A4")) == 1
