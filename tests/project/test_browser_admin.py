"""The admin a champion edits the guide in passes axe (WCAG 2.2 AA) on its lists and
change pages, at desktop and phone widths, light and dark, English and German."""

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import sign_in_link
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def admin_pages(guide, user):
    step = guide.steps.get(slug="switch-it-off")
    item = guide.items.get(slug="ai-training")
    source = step.sources.first()
    return {
        "steps": "/admin/guide/step/",
        "steps-filtered": "/admin/guide/step/?part__exact=switch_off",
        "step": f"/admin/guide/step/{step.pk}/change/",
        "items": "/admin/guide/checklistitem/",
        "item": f"/admin/guide/checklistitem/{item.pk}/change/",
        "guide": f"/admin/guide/guide/{guide.pk}/change/",
        "sources": "/admin/guide/source/",
        "source": f"/admin/guide/source/{source.pk}/change/",
        "users": "/admin/accounts/user/",
        "user": f"/admin/accounts/user/{user.pk}/change/",
    }


def sign_in_as_champion(page, base, language):
    email = f"champion-{language}@example.com"
    user = UserFactory(email=email, username=email, is_staff=True, is_superuser=True)
    user.language = language
    user.save()
    Client().post("/accounts/login/code/", {"email": email})
    page.goto(sign_in_link(mail.outbox[-1]))
    page.locator("main form button").click()
    page.wait_for_url(base + "/checklist/")
    return user


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_admins_lists_and_change_pages_pass_axe(
    browser, live_server, guide, check_accessibility, screenshot, language, scheme
):
    base = live_server.url
    context = browser.new_context(
        locale="de-DE" if language == "de" else "en-GB", color_scheme=scheme
    )
    page = context.new_page()
    user = sign_in_as_champion(page, base, language)
    for viewport, size in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        for name, path in admin_pages(guide, user).items():
            page.goto(base + path)
            assert page.locator("html").get_attribute("lang") == language
            check_accessibility(page)
            screenshot(page, f"admin-{name}-{size}-{language}-{scheme}")
    context.close()
