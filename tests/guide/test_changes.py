"""The public "What changed" page: corrections from the content files and the material
changes champions mark, with their dates, in both languages; a re-check links to its entry."""

import copy
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from guide import content, loading, page_cache
from guide.models import ChecklistItem, GuideChange
from tests.factories import TickFactory, UserFactory

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}
FACT_CHECK = "fact-check-2026-12-04"


def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def mark_material_change(client, item, **notes):
    return client.post(
        "/admin/guide/checklistitem/",
        {"action": "mark_material_change", "_selected_action": [item.pk], "post": "yes", **notes},
        follow=True,
    )


def entries(page):
    """The page's entries as (id, kind), in page order."""
    return re.findall(r'<section class="change" id="(change-\d+)"[^>]*data-change="(\w+)"', page)


def test_the_page_lists_the_fact_check_in_english_and_german(client, guide):
    assert reverse("guide:changes") == "/changes/"
    change = GuideChange.objects.get(slug=FACT_CHECK)
    assert (change.date, change.kind) == (datetime.date(2026, 12, 4), "correction")

    page = client.get("/changes/").content.decode()
    assert "<h1>What changed</h1>" in page
    assert entries(page) == [(change.anchor, "correction")]
    assert '<time datetime="2026-12-04">4 December 2026</time> <span class="tag">Correction' in page
    assert "We checked every statement again" in page
    assert "UK regulator welcomed" in page

    page = client.get("/changes/", **GERMAN).content.decode()
    assert "<h1>Was sich geändert hat</h1>" in page
    assert '<time datetime="2026-12-04">4. Dezember 2026</time>' in page
    assert "Berichtigung" in page
    assert "Wir haben jede Aussage erneut geprüft" in page
    assert "UK regulator" not in page and 'lang="en"' not in page.split("<main")[1]


def test_every_page_links_to_it_from_the_footer(client, guide):
    for path in ["/", "/checklist/", "/print/", "/changes/"]:
        footer = client.get(path).content.decode().split('<footer class="site-footer">')[1]
        assert '<a href="/changes/">What changed</a>' in footer, path


def test_entries_come_newest_first(client, guide):
    older = GuideChange.objects.create(
        guide=guide, date=datetime.date(2026, 1, 2), kind="correction", summary="Older"
    )
    newer = GuideChange.objects.create(
        guide=guide, date=datetime.date(2027, 3, 4), kind="correction", summary="Newer"
    )
    page_cache.content_changed()
    fact_check = GuideChange.objects.get(slug=FACT_CHECK)
    page = client.get("/changes/").content.decode()
    assert [anchor for anchor, _kind in entries(page)] == [
        newer.anchor,
        fact_check.anchor,
        older.anchor,
    ]


def test_a_material_change_gets_an_entry_the_re_check_links_to(client, guide):
    colleague = UserFactory()
    item = guide.items.get(slug="ai-training")
    TickFactory(user=colleague, item=item, updated_at=timezone.now() - datetime.timedelta(hours=1))
    client = admin_client(client)
    question = client.post(
        "/admin/guide/checklistitem/",
        {"action": "mark_material_change", "_selected_action": [item.pk]},
    ).content.decode()
    assert 'name="note_en"' in question and 'name="note_de"' in question
    assert 'href="/changes/"' in question

    mark_material_change(
        client,
        item,
        note_en="LinkedIn renamed the switch.",
        note_de="LinkedIn hat den Schalter umbenannt.",
    )

    change = GuideChange.objects.get(item=item)
    assert (change.kind, change.date) == ("material_change", timezone.localdate())
    assert (change.summary_en, change.summary_de) == (
        "LinkedIn renamed the switch.",
        "LinkedIn hat den Schalter umbenannt.",
    )
    page = client.get("/changes/").content.decode()
    assert entries(page)[0] == (change.anchor, "material_change")
    assert "LinkedIn renamed the switch." in page
    link = f'<a href="{item.step.get_absolute_url()}">{escape(item.title)}</a>'
    assert f"Checklist item: {link}" in page
    assert "If you ticked it before this date, please check it again." in page
    german = client.get("/changes/", **GERMAN).content.decode()
    assert "LinkedIn hat den Schalter umbenannt." in german
    assert "Wesentliche Änderung" in german

    client.force_login(colleague)
    checklist = client.get("/checklist/").content.decode()
    assert f'Re-check — <a href="/changes/#{change.anchor}">the guide changed on' in checklist
    step_page = client.get(item.step.get_absolute_url()).content.decode()
    assert f'<a href="/changes/#{change.anchor}">' in step_page


def test_a_material_change_without_a_note_still_names_its_item(client, guide):
    item = guide.items.get(slug="manage-data-and-activity")
    mark_material_change(admin_client(client), item)
    change = GuideChange.objects.get(item=item)
    assert change.summary_en == "" and change.summary_de is None
    page = client.get("/changes/", **GERMAN).content.decode()
    link = f'<a href="{item.step.get_absolute_url()}">{escape(item.title_de)}</a>'
    assert f"Punkt der Checkliste: {link}" in page


def test_a_note_in_english_only_shows_in_english_to_german_readers_and_says_so(client, guide):
    item = guide.items.get(slug="ai-training")
    mark_material_change(admin_client(client), item, note_en="The switch moved.")
    page = client.get("/changes/", **GERMAN).content.decode()
    assert '<div class="prose" lang="en"><p>The switch moved.</p>' in page
    assert "noch nicht übersetzt" in page


def test_a_note_too_long_is_asked_again_and_nothing_changes(client, guide):
    item = guide.items.get(slug="ai-training")
    response = mark_material_change(admin_client(client), item, note_en="x" * 301)
    assert "at most 300 characters" in response.content.decode()
    assert ChecklistItem.objects.get(pk=item.pk).revised is None
    assert not GuideChange.objects.filter(item=item).exists()


def test_undoing_a_material_change_removes_its_entry(client, guide):
    colleague = UserFactory()
    item = guide.items.get(slug="ai-training")
    TickFactory(user=colleague, item=item, updated_at=timezone.now() - datetime.timedelta(days=9))
    client = admin_client(client)
    mark_material_change(client, item, note_en="First")
    first = GuideChange.objects.get(item=item)
    mark_material_change(client, item, note_en="Second")
    assert GuideChange.objects.filter(item=item).count() == 2

    client.post(
        "/admin/guide/checklistitem/",
        {"action": "undo_material_change", "_selected_action": [item.pk]},
    )

    assert list(GuideChange.objects.filter(item=item)) == [first]
    page = client.get("/changes/").content.decode()
    assert "First" in page and "Second" not in page
    client.force_login(colleague)
    checklist = client.get("/checklist/").content.decode()
    assert f'<a href="/changes/#{first.anchor}">the guide changed on' in checklist


def test_a_champion_rewords_an_entry_in_the_admin_and_readers_see_it_at_once(client, guide):
    change = GuideChange.objects.get(slug=FACT_CHECK)
    assert "We checked every statement again" in client.get("/changes/").content.decode()
    client = admin_client(client)
    page = client.get(f"/admin/guide/guidechange/{change.pk}/change/").content.decode()
    assert 'name="summary_en"' in page and 'name="summary_de"' in page
    client.post(
        f"/admin/guide/guidechange/{change.pk}/change/",
        {
            "guide": guide.pk,
            "date": "2026-12-04",
            "item": "",
            "summary_en": "Reworded by the champion.",
            "summary_de": "Vom Champion umformuliert.",
        },
    )
    assert client.get("/admin/guide/guidechange/add/").status_code == 403  # made elsewhere
    client.logout()
    page = client.get("/changes/").content.decode()
    assert "Reworded by the champion." in page


def test_a_warm_page_runs_no_query_for_anyone_and_knows_no_post(
    client, guide, django_assert_num_queries
):
    client.get("/changes/")
    with django_assert_num_queries(0):
        assert client.get("/changes/").status_code == 200
    client.get("/changes/", **GERMAN)
    with django_assert_num_queries(0):
        assert "Berichtigung" in client.get("/changes/", **GERMAN).content.decode()
    assert client.post("/changes/").status_code == 405


def test_without_a_guide_the_page_is_a_404(client, no_guide):
    assert client.get("/changes/").status_code == 404


# --- the content files' [[changes]] ---------------------------------------------------------


@pytest.fixture
def data():
    return copy.deepcopy(content.read())


def test_the_files_corrections_keep_every_rule(data):
    assert content.check(data) == []
    assert [change["slug"] for change in data["changes"]] == [FACT_CHECK]
    assert FACT_CHECK in data["translations"]["de"]["changes"]


def test_check_reports_a_change_without_date_summary_or_slug_of_its_own(data):
    data["changes"].append({"slug": FACT_CHECK, "date": "soon", "summary": " "})
    problems = content.check(data)
    assert "every change needs a slug of its own" in problems
    assert f"change {FACT_CHECK} needs date, a TOML date such as 2026-12-04" in problems
    assert f"change {FACT_CHECK} needs summary" in problems


def test_check_translation_reports_an_unknown_or_empty_change(data):
    german = data["translations"]["de"]
    german["changes"]["no-such-change"] = {"summary": "Etwas"}
    german["changes"][FACT_CHECK] = {"summary": ""}
    problems = content.check_translation(data, german)
    assert "change no-such-change is not in the English guide" in problems
    assert f"change {FACT_CHECK} needs summary" in problems


def test_loading_again_adds_no_correction_twice_and_keeps_a_champions_rewording(data, no_guide):
    loading.load(data)
    loading.load(data)
    assert GuideChange.objects.filter(slug=FACT_CHECK).count() == 1
    GuideChange.objects.filter(slug=FACT_CHECK).update(summary_en="Our own words")
    assert loading.load(data) == {"created": 0, "updated": 0}
    assert GuideChange.objects.get(slug=FACT_CHECK).summary_en == "Our own words"
    loading.load(data, update=True)  # the files win
    assert (
        GuideChange.objects.get(slug=FACT_CHECK)
        .summary_en.strip()
        .startswith("**We checked every statement again**")
    )


def test_a_new_correction_in_the_files_is_added_by_a_plain_load(data, client, guide):
    data["changes"].insert(
        0, {"slug": "labels-2027-01", "date": datetime.date(2027, 1, 15), "summary": "New labels."}
    )
    data["translations"]["de"]["changes"]["labels-2027-01"] = {"summary": "Neue Bezeichnungen."}
    assert loading.load(data)["created"] == 1
    page = client.get("/changes/", **GERMAN).content.decode()
    assert "Neue Bezeichnungen." in page
    assert page.index("Neue Bezeichnungen.") < page.index("Wir haben jede Aussage")
