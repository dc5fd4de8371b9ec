"""The admin a champion edits the guide in passes axe (WCAG 2.2 AA) on its lists and
change pages, at desktop and phone widths, light and dark, English and German."""

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

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


def test_saving_unchanged_stores_no_carriage_returns_and_reports_no_change(
    browser, live_server, guide
):
    """A browser sends a text box's lines ended with CR LF: the admin stores them as the
    content files have them, and its history names only the fields really changed."""
    from django.contrib.admin.models import LogEntry

    from guide.models import Label, Step

    base = live_server.url
    page = browser.new_context(locale="en-GB").new_page()
    sign_in_as_champion(page, base, "en")
    step = guide.steps.get(slug="switch-it-off")
    item = guide.items.get(slug="ai-training")
    pages = [
        f"/admin/guide/step/{step.pk}/change/",
        f"/admin/guide/checklistitem/{item.pk}/change/",
        f"/admin/guide/guide/{guide.pk}/change/",
    ]
    for path in pages * 2:
        page.goto(base + path)
        page.locator("input[name=_continue]").click()
        page.wait_for_url(base + path)
    messages = [entry.get_change_message() for entry in LogEntry.objects.order_by("pk")]
    assert messages == ["No fields changed."] * 6
    loaded = step.text_changed
    step.refresh_from_db()
    assert step.text_changed == loaded  # an unchanged save changes no language's time
    assert "\r" not in step.body_en + step.body_de + step.phone_en + step.phone_de
    assert not any("\r" in label.variants_de for label in Label.objects.filter(step=step))

    page.goto(base + pages[0])
    page.locator("#id_body_en").fill(step.body_en + "\n\nOne more line.")
    page.locator("input[name=_continue]").click()
    page.wait_for_url(base + pages[0])
    assert LogEntry.objects.latest("pk").get_change_message() == "Changed Body [en]."
    assert Step.objects.get(pk=step.pk).body_en.endswith("\n\nOne more line.")


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_admin_marks_a_german_text_older_than_its_english_until_it_is_updated(
    browser, live_server, guide, check_accessibility, screenshot, language, scheme
):
    from django.utils import translation

    from guide.models import Step

    with translation.override(language):
        up_to_date = translation.gettext("%(language)s is up to date with the English.") % {
            "language": translation.gettext("German")
        }
    base = live_server.url
    locale = "de-DE" if language == "de" else "en-GB"
    page = browser.new_context(locale=locale, viewport=DESKTOP, color_scheme=scheme).new_page()
    sign_in_as_champion(page, base, language)
    step = guide.steps.get(slug="switch-it-off")
    change = f"{base}/admin/guide/step/{step.pk}/change/"
    page.goto(change)
    expect(page.locator(".field-translations")).to_contain_text(up_to_date)
    page.locator("#id_labels-0-note_en").fill("A switch: set it to Off (reworded).")
    page.locator("input[name=_continue]").click()
    page.wait_for_url(change)
    older = page.locator(".field-translations .translation-older")
    expect(older).to_be_visible()
    if language == "en":
        expect(older).to_contain_text("German is older than the English it translates, since")
    for viewport, size in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        page.goto(change)
        check_accessibility(page)
        screenshot(page, f"admin-step-german-older-{size}-{language}-{scheme}")
        page.goto(base + "/admin/guide/step/")
        row = page.locator("tr", has_text=getattr(step, f"title_{language}"))
        expect(row.locator(".translation-older")).to_be_visible()
        check_accessibility(page)
        screenshot(page, f"admin-steps-german-older-{size}-{language}-{scheme}")

    reader = browser.new_context(locale="de-DE", color_scheme=scheme).new_page()
    note = reader.locator("p.untranslated", has_text="Der englische Text wurde am")
    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        reader.set_viewport_size(viewport)
        reader.goto(base + step.get_absolute_url())
        expect(note).to_be_visible()
        check_accessibility(reader)
        screenshot(reader, f"step-german-older-{size}-{scheme}")
    english = browser.new_context(locale="en-GB").new_page()
    english.goto(base + step.get_absolute_url())
    expect(english.locator("p.untranslated")).to_have_count(0)

    page.set_viewport_size(DESKTOP)
    page.goto(change)
    page.locator("#id_body_de").fill(Step.objects.get(pk=step.pk).body_de + "\nNoch ein Satz.")
    page.locator("input[name=_continue]").click()
    page.wait_for_url(change)
    expect(page.locator(".field-translations")).to_contain_text(up_to_date)
    reader.reload()
    expect(note).to_have_count(0)
