"""A champion logs in, reads the dashboard, downloads the figures and shares the link."""

import csv

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_champion_journey(
    page, live_server, guide, foreign_requests, check_accessibility, screenshot
):
    call_command("seed_demo", members=120, seed=3)
    boss = UserFactory(username="boss@example.com", email="boss@example.com", is_staff=True)
    boss.user_permissions.set(
        Permission.objects.filter(codename__in=["view_dashboard", "view_member_progress"])
    )
    base = live_server.url

    page.goto(base + "/dashboard/")
    page.wait_for_url("**/accounts/login/?next=/dashboard/")
    sign_in(page, base, "boss@example.com", then="/dashboard/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Adoption")
    expect(page.locator('[data-figure="members"]')).to_have_text("121")
    completions = page.locator('svg[aria-labelledby^="weeks-heading"]:visible rect.chart-bar')
    assert completions.count() >= 1
    weeks = page.locator('table.weeks[aria-labelledby="weeks-heading"] tbody tr')
    assert weeks.count() == completions.count()
    expect(page.locator("table tbody tr[data-item]")).to_have_count(5)
    check_accessibility(page)
    screenshot(page, "dashboard-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the figures (CSV)").click()
    with open(download_info.value.path()) as file:
        rows = list(csv.reader(file))
    assert rows[1] == ["members", "121"]

    page.get_by_role("link", name="Who has not finished").click()
    page.wait_for_url(base + "/dashboard/members/")
    page.get_by_label("Progress").select_option("stale")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**state=stale**")
    check_accessibility(page)

    page.get_by_role("link", name="Share", exact=True).click()
    page.wait_for_url(base + "/share/")
    expect(page.get_by_role("button", name="Copy the address")).to_be_visible()
    assert page.locator(".qr-box svg").count() == 1
    check_accessibility(page)
    screenshot(page, "share-desktop")
    page.get_by_role("link", name="Open the printable poster").click()
    page.wait_for_url(base + "/share/poster/")
    check_accessibility(page)
    screenshot(page, "poster")

    assert foreign_requests == []


def test_without_javascript_the_copy_buttons_stay_hidden(browser, live_server, db):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/share/")
    expect(page.get_by_role("button", name="Copy the address")).to_be_hidden()
    expect(page.get_by_label("The address")).to_have_value(live_server.url + "/")
    context.close()
