"""The "What changed" page and the dashboard's verification reminder, as a champion and a
colleague see them: at phone and desktop width, light and dark, English and German."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guide import changes, page_cache
from guide.models import ChecklistItem, GuideChange, Step
from tests.browser import sign_in
from tests.factories import ChampionFactory, TickFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def a_guide_that_changed(guide, champion):
    """One step not verified for 120 days; a material change on the AI item, which the
    champion had ticked before it; the fact-check's correction from the files."""
    old = timezone.localdate() - datetime.timedelta(days=120)
    Step.objects.filter(slug="find-the-ai-setting").update(
        last_verified_en=old, last_verified_de=old
    )
    item = guide.items.get(slug="ai-training")
    TickFactory(user=champion, item=item, updated_at=timezone.now() - datetime.timedelta(days=3))
    ChecklistItem.objects.filter(pk=item.pk).update(revised=timezone.now())
    changes.record_material_changes(
        [item],
        timezone.localdate(),
        {"en": "LinkedIn renamed the switch.", "de": "LinkedIn hat den Schalter umbenannt."},
    )
    page_cache.content_changed()
    return GuideChange.objects.get(item=item)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_what_changed_and_the_reminder_in_both_languages(
    browser, live_server, guide, check_accessibility, screenshot, viewport, scheme
):
    size = "phone" if viewport is PHONE else "desktop"
    base = live_server.url
    champion = ChampionFactory(
        username="champion@example.com",
        email="champion@example.com",
        permissions=["view_dashboard", "view_member_progress", "view_step", "change_step"],
    )
    change = a_guide_that_changed(guide, champion)
    context = browser.new_context(locale="en-GB", viewport=viewport)
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)

    # Anyone, from the footer.
    page.goto(base + "/")
    page.get_by_role("link", name="What changed").click()
    page.wait_for_url(base + "/changes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed")
    expect(page.locator("[data-change]")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    check_accessibility(page)
    screenshot(page, f"changes-en-{size}-{scheme}")

    # A colleague whose tick went stale follows "the guide changed on DATE" to its entry.
    sign_in(page, base, champion.email)
    item = page.locator('[data-item="ai-training"]')
    expect(item).to_have_attribute("data-state", "stale")
    check_accessibility(page)
    item.screenshot(path=screenshot(page, f"checklist-recheck-{size}-{scheme}"))
    item.get_by_role("link", name="the guide changed on").click()
    page.wait_for_url(f"{base}/changes/#{change.anchor}")
    expect(page.locator(f"#{change.anchor}")).to_be_in_viewport()
    expect(page.locator(f"#{change.anchor}")).to_contain_text("LinkedIn renamed the switch.")

    page.goto(base + "/dashboard/")
    notice = page.locator("[data-verification-due]")
    expect(notice).to_have_attribute("data-verification-due", "1")
    expect(notice.locator('[data-step="find-the-ai-setting"]')).to_contain_text("120 days ago")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    check_accessibility(page)
    notice.screenshot(path=screenshot(page, f"dashboard-verification-en-{size}-{scheme}"))

    # The same in German: the switcher saves the choice.
    page.locator('.language-switcher button[value="de"]').click()
    page.wait_for_url(base + "/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(notice).to_contain_text("Ein Schritt ist zur erneuten Prüfung fällig")
    expect(notice).to_contain_text("vor 120 Tagen")
    check_accessibility(page)
    notice.screenshot(path=screenshot(page, f"dashboard-verification-de-{size}-{scheme}"))

    page.goto(base + "/changes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Was sich geändert hat")
    expect(page.locator(f"#{change.anchor}")).to_contain_text("LinkedIn hat den Schalter")
    expect(page.locator("[data-change=correction]")).to_contain_text("Wir haben jede Aussage")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    check_accessibility(page)
    screenshot(page, f"changes-de-{size}-{scheme}")
    context.close()


def test_a_champion_marks_a_step_verified_from_the_dashboard(page, live_server, guide, screenshot):
    base = live_server.url
    champion = ChampionFactory(
        username="editor@example.com",
        email="editor@example.com",
        is_superuser=True,
    )
    a_guide_that_changed(guide, champion)
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, champion.email)
    page.goto(base + "/dashboard/")
    page.get_by_role("link", name="Mark them verified in the admin").click()
    page.wait_for_url("**/admin/guide/step/?verification=due")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator(".verification-due")).to_contain_text("Due: ")
    screenshot(page, "admin-steps-due-desktop")

    page.locator("#result_list tbody input[type=checkbox]").check()
    page.locator("select[name=action]").select_option("mark_verified")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("1 step marked as verified today.")

    page.goto(base + "/admin/guide/step/")
    expect(page.locator(".verification-due")).to_have_count(0)
    screenshot(page, "admin-steps-desktop")
    step = Step.objects.get(slug="switch-it-off")
    page.goto(f"{base}/admin/guide/step/{step.pk}/change/")
    page.get_by_role("button", name="Mark as verified today").click()
    expect(page.locator(".messagelist")).to_contain_text("1 step marked as verified today.")
    screenshot(page, "admin-step-verified-desktop")
    page.goto(base + "/dashboard/")
    expect(page.locator("[data-verification-due]")).to_have_count(0)
