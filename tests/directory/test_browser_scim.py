"""IT connects the identity provider in the admin: a token shown once, the staff list
saying where each row came from, the requests the provider sent."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from directory.models import Colleague
from tests.browser import sign_in
from tests.factories import ChampionFactory, ColleagueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations(page, rules=None):
    """axe's WCAG 2.2 AA violations on the page (only `rules`, when given)."""
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                     "wcag21aa", "wcag22aa"]}}  # fmt: skip
    if rules:
        options = {"runOnly": {"type": "rule", "values": rules}}
    results = Axe().run(page, options={**options, "resultTypes": ["violations"]})
    return {v["id"]: [n["html"] for n in v["nodes"]] for v in results.response["violations"]}


def test_connect_a_provider_and_see_the_staff_list_follow(
    page, live_server, guide, screenshot, check_accessibility, tmp_path
):
    base = live_server.url
    ChampionFactory(email="it@example.com", username="it@example.com", is_superuser=True)
    ColleagueFactory(email="ada@example.com", department="", country="")
    ColleagueFactory(email="bob@example.com", department="Sales", country="DE")
    sign_in(page, base, "it@example.com")

    page.goto(base + "/admin/directory/colleague/")
    # Empty department and country filter entries have words a screen reader can say.
    filters = page.locator("#changelist-filter")
    expect(filters.get_by_role("link", name="(none)")).to_have_count(2)
    expect(filters.get_by_role("link", name="Germany (DE)")).to_be_visible()
    assert violations(page, ["link-name"]) == {}
    screenshot(page, "admin-staff-list")

    page.get_by_role("link", name="Provisioning by SCIM").click()
    page.get_by_role("link", name="Add SCIM token").click()
    page.get_by_label("Name").fill("Entra ID")
    page.get_by_role("button", name="Save", exact=True).click()
    token = page.locator("[data-scim-token]").inner_text()
    assert token.startswith("scim_")
    expect(page.locator("[data-scim-base-url]")).to_have_text(base + "/scim/v2/")
    check_accessibility(page)
    screenshot(page, "admin-scim-token-created")

    # The identity provider provisions someone with it.
    response = page.request.post(
        base + "/scim/v2/Users",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"},
        data={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "userName": "cy@example.com", "active": True, "displayName": "Cy"},
    )  # fmt: skip
    assert response.status == 201

    page.goto(base + "/admin/directory/scimtoken/")
    assert token not in page.content()  # shown once, never again
    page.goto(base + "/admin/directory/scimlogentry/")
    expect(page.locator("#result_list")).to_contain_text("/Users")
    expect(page.locator("#result_list")).to_contain_text("201")
    screenshot(page, "admin-scim-requests")

    page.goto(base + "/admin/directory/colleague/?source__exact=scim")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("cy@example.com")
    page.get_by_role("link", name="cy@example.com").click()
    # What the provider decides is not edited here.
    expect(page.locator("input[name=department]")).to_have_count(0)
    assert Colleague.objects.get(email="cy@example.com").source == "scim"

    # A CSV import without Cy would make them inactive: the preview asks first.
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "email,name,department,country,manager\n"
        "ada@example.com,Ada,Research,Deutschland,bob@example.com\n"
        "bob@example.com,Bob,Sales,U.S.,nobody@example.com\n"
    )
    page.goto(base + "/admin/directory/colleague/import/")
    page.set_input_files('input[type="file"]', str(staff))
    page.get_by_role("button", name="Preview the changes").click()
    warnings = page.locator("[data-import-warnings]")
    expect(warnings).to_contain_text("manager nobody@example.com is not on the staff list")
    conflicts = page.locator("[data-scim-conflicts]")
    expect(conflicts).to_contain_text("1 row is kept by SCIM provisioning")
    expect(conflicts).to_contain_text("cy@example.com")
    check_accessibility(page)
    screenshot(page, "admin-import-preview-scim")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "admin-import-preview-scim-phone")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".messagelist")).to_contain_text("left as SCIM set it")
    assert Colleague.objects.get(email="cy@example.com").active
    assert Colleague.objects.get(email="bob@example.com").country == "US"
