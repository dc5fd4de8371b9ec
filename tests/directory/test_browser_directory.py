"""A champion imports the staff list in the admin and sees the company on the dashboard;
a colleague follows the invitation from the outbox and lands on their checklist."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser import sign_in
from tests.factories import ChampionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = (
    "email;name;department;country\n"
    "ada@example.com;Ada Lovelace;Research;GB\n"
    "bob@example.com;Bob;Sales;Germany\n"
    "nonsense;Nobody;Sales;DE\n"
    "ADA@example.com;Ada again;Research;GB\n"
    "cy@example.com;Cy;Support;Atlantis\n"
)


def test_import_the_staff_list_then_invite(
    page, browser, live_server, guide, tmp_path, check_accessibility, screenshot
):
    base = live_server.url
    ChampionFactory(email="boss@example.com", username="boss@example.com", is_superuser=True)
    sign_in(page, base, "boss@example.com")
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF)

    page.goto(base + "/admin/directory/colleague/")
    page.get_by_role("link", name="Import the staff list").click()
    page.set_input_files('input[type="file"]', str(staff))
    page.get_by_role("button", name="Preview the changes").click()
    expect(page.locator("#content")).to_contain_text("3 new")
    expect(page.locator("#content")).to_contain_text("2 rejected")
    expect(page.locator("#content")).to_contain_text("unknown country 'Atlantis': left empty")
    expect(page.locator("#content")).to_contain_text("ada@example.com is already on line 2")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported staff.csv: 3 new")

    page.goto(base + "/dashboard/")
    expect(page.locator('[data-figure="headcount"]')).to_have_text("3")
    expect(page.locator('table[data-groups="departments"] tbody th')).to_have_text(
        ["Research", "Sales", "Support"]
    )
    check_accessibility(page)
    screenshot(page, "dashboard-company")

    call_command("send_invitations")
    (to_ada,) = [m for m in mail.outbox if m.to == ["ada@example.com"]]
    link = re.search(r"https?://\S+/accounts/invitation/[^/\s]+/", to_ada.body).group(0)
    colleague = browser.new_context().new_page()
    colleague.goto(link)
    check_accessibility(colleague)
    colleague.get_by_role("button", name="Sign in and open my checklist").click()
    colleague.wait_for_url(base + "/checklist/")
    expect(colleague.get_by_role("button", name="Log out")).to_be_visible()
    check_accessibility(colleague)
