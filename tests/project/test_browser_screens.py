"""The pictures the README shows, taken where a person would see them: the landing page,
the checklist and the dashboard, at 360 and 1280 px, light and dark, English and German,
each checked with axe. (Each step with its picture: test_browser_ux's sketch test.)"""

import datetime
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from champions import campaigns
from champions.management.commands.seed_demo import DEMO_DOMAIN
from directory.models import Colleague
from tests.browser import sign_in
from tests.factories import ChampionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}
DEPARTMENTS = ["Engineering", "Sales", "Finance", "People", "Legal"]
COUNTRIES = ["DE", "GB", "FR", "AT"]


def a_company_part_way(guide):
    """120 members part-way through, on a staff list of 160 with departments and countries,
    and a campaign due in three weeks."""
    call_command("seed_demo", members=120, seed=3)
    rng = random.Random(3)
    members = get_user_model().objects.filter(email__endswith="@" + DEMO_DOMAIN)
    rows = [
        Colleague(
            email=user.email,
            department=rng.choice(DEPARTMENTS),
            country=rng.choice(COUNTRIES),
            user=user,
        )
        for user in members
    ]
    rows += [
        Colleague(
            email=f"not-yet-{n}@example.com",
            department=rng.choice(DEPARTMENTS),
            country=rng.choice(COUNTRIES),
        )
        for n in range(40)
    ]
    Colleague.objects.bulk_create(rows)
    today = timezone.localdate()
    campaigns.create(
        "Switch it off before the new year",
        guide,
        starts_on=today - datetime.timedelta(days=7),
        due_on=today + datetime.timedelta(days=21),
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_pages_people_see_first_in_both_languages_sizes_and_schemes(
    browser, live_server, guide, check_accessibility, screenshot, language, scheme
):
    a_company_part_way(guide)
    champion = ChampionFactory(username="champion@example.com")
    context = browser.new_context(locale="de-DE" if language == "de" else "en-GB")
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    base = live_server.url
    page.set_viewport_size(SIZES["phone"])

    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.goto(base + "/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        check_accessibility(page)
        screenshot(page, f"landing-{language}-{size}-{scheme}")

    sign_in(page, base, champion.email, language=language)
    page.locator('[data-item="ai-training"] button[value="done"]').click()
    expect(page.locator('[data-item="ai-training"]')).to_have_attribute("data-state", "done")

    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.goto(base + "/checklist/")
        check_accessibility(page)
        screenshot(page, f"checklist-{language}-{size}-{scheme}")
        page.goto(base + "/dashboard/")
        expect(page.locator('[data-figure="members"]')).to_have_text("121")
        # A report, not a column: nothing scrolls the page sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        check_accessibility(page)
        screenshot(page, f"dashboard-{language}-{size}-{scheme}")
    context.close()
