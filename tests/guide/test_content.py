"""The bundled guide file is valid, and loading it is idempotent."""

import copy
import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from guide import content, loading, verification
from guide.models import ChecklistItem, Guide, GuideChange, Label, Source, Step
from tests.factories import UserFactory


@pytest.fixture
def data():
    """The bundled file unchecked, so that each test's own assertion is what fails."""
    return content.parse()


def test_bundled_file_keeps_every_rule(data):
    assert content.check(data) == []


def test_every_step_cites_a_source_that_exists(data):
    slugs = {source["slug"] for source in data["sources"]}
    for step in data["steps"]:
        assert step["sources"], step["slug"]
        assert set(step["sources"]) <= slugs, step["slug"]


def test_every_label_and_variant_is_non_empty(data):
    labels = [label for step in data["steps"] for label in step.get("labels", [])]
    assert labels
    for label in labels:
        assert label["text"].strip()
        assert all(variant.strip() for variant in label.get("variants", []))


def test_the_ai_setting_is_named_with_its_known_variants(data):
    words = {
        word
        for step in data["steps"]
        for label in step.get("labels", [])
        for word in [label["text"], *label.get("variants", [])]
    }
    assert "Data for Generative AI Improvement" in words
    assert "Use my data for training content creation AI models" in words
    # FACTS.md (Nov 2026): that wording comes from one hedged blog post; never a label.
    assert not any("Generative AI Features" in word for word in words)


def test_checklist_items_come_quickest_and_most_important_first(data):
    items = data["items"]
    assert items[0]["slug"] == "ai-training"
    assert [item.get("optional", False) for item in items] == [False] * 4 + [True]


def test_check_reports_a_citation_of_an_unknown_source(data):
    broken = copy.deepcopy(data)
    broken["steps"][0]["sources"] = ["no-such-source"]
    assert any("unknown source no-such-source" in problem for problem in content.check(broken))


def test_check_reports_an_empty_label(data):
    broken = copy.deepcopy(data)
    broken["steps"][0]["labels"][0]["text"] = "  "
    assert any("label with no text" in problem for problem in content.check(broken))


@pytest.mark.django_db
def test_step_order_is_contiguous_after_loading(data):
    loading.load(data)
    orders = list(Step.objects.values_list("order", flat=True))
    assert orders == list(range(1, len(data["steps"]) + 1))


def counts():
    return [model.objects.count() for model in (Guide, Source, Step, Label, ChecklistItem)]


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Guide, Source, Step, Label, ChecklistItem)
    ]


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    call_command("load_guide")
    first = snapshot()
    call_command("load_guide")
    assert snapshot() == first
    assert counts()[2] == len(content.read()["steps"])


@pytest.mark.django_db
def test_loading_again_keeps_a_champions_edit(data):
    loading.load(data)
    step = Step.objects.get(slug=data["steps"][0]["slug"])
    step.title = "Edited in the admin"
    step.save()
    loading.load(data)
    step.refresh_from_db()
    assert step.title == "Edited in the admin"


@pytest.mark.django_db
def test_update_applies_an_edit_of_the_file(data, tmp_path):
    loading.load(data)
    first = data["steps"][0]
    edited = tmp_path / "guide.toml"
    original = content.BUNDLED_GUIDE.read_text()
    edited.write_text(
        original.replace(
            f'title = "{first["title"]}"', 'title = "Open the settings (reworded)"'
        ).replace(f'text = "{first["labels"][0]["text"]}"', 'text = "Me (reworded)"', 1)
    )

    call_command("load_guide", file=edited)
    assert Step.objects.get(slug=first["slug"]).title == first["title"]

    call_command("load_guide", file=edited, update=True)
    step = Step.objects.get(slug=first["slug"])
    assert step.title == "Open the settings (reworded)"
    assert step.labels.first().text == "Me (reworded)"
    assert Step.objects.count() == len(data["steps"])


@pytest.mark.django_db
def test_update_follows_a_reordering_of_the_file(data):
    loading.load(data)
    reordered = copy.deepcopy(data)
    reordered["steps"][0], reordered["steps"][1] = reordered["steps"][1], reordered["steps"][0]
    loading.load(reordered, update=True)
    slugs = list(Step.objects.order_by("order").values_list("slug", flat=True))
    assert slugs[:2] == [data["steps"][1]["slug"], data["steps"][0]["slug"]]


@pytest.mark.django_db
def test_a_new_step_in_the_file_is_added_without_update(data):
    loading.load(data)
    grown = copy.deepcopy(data)
    grown["steps"].insert(0, {**data["steps"][0], "slug": "brand-new-step", "labels": []})
    loading.load(grown)
    assert Step.objects.filter(slug="brand-new-step").exists()
    assert Step.objects.count() == len(data["steps"]) + 1


def test_the_loader_refuses_a_broken_file(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[guide]\nslug = "x"\n')
    with pytest.raises(content.ContentError):
        content.read(broken)


def test_dates_are_real_dates(data):
    assert isinstance(data["guide"]["last_verified"], datetime.date)
    assert all(isinstance(step["last_verified"], datetime.date) for step in data["steps"])


# --- sources without an article address ------------------------------------------------


def test_check_refuses_a_home_page_given_as_an_article(data):
    broken = copy.deepcopy(data)
    broken["sources"][0]["url"] = "https://www.autoriteitpersoonsgegevens.nl/"
    assert any("is a home page, not an article" in p for p in content.check(broken))


def test_check_refuses_an_article_given_as_a_publishers_home_page(data):
    broken = copy.deepcopy(data)
    broken["sources"][0]["url_is"] = "publisher"
    assert any('url_is = "publisher" takes' in p for p in content.check(broken))
    broken["sources"][0]["url_is"] = "somewhere"
    assert any("url_is must be one of" in p for p in content.check(broken))


def test_check_refuses_what_the_database_cannot_keep(data):
    broken = copy.deepcopy(data)
    broken["sources"][0]["publisher"] = "x" * 121
    assert any("publisher is longer than" in p for p in content.check(broken))


def test_a_source_without_an_article_address_says_so_in_each_language(client, no_guide):
    data = copy.deepcopy(content.read())
    unknown = {"url": "https://publisher.example/", "url_is": "publisher", "published": ""}
    data["sources"].append(
        {"slug": "no-address", "title": "A report", "publisher": "Daily"} | unknown
    )
    data["steps"][2]["sources"].append("no-address")
    german = data["translations"]["de"]
    german["sources"].append(
        {"slug": "ohne-adresse", "title": "Ein Bericht", "publisher": "Blatt"} | unknown
    )
    german["steps"][data["steps"][2]["slug"]]["sources"].append("ohne-adresse")
    assert content.check(data) == [] and content.check_translation(data, german) == []

    loading.load(data)

    assert Source.objects.get(slug="no-address").publisher == "Daily — article address not recorded"
    assert Source.objects.get(slug="ohne-adresse").publisher == (
        "Blatt — Adresse des Artikels nicht erfasst"
    )
    step = Step.objects.get(slug=data["steps"][2]["slug"])
    page = client.get(step.get_absolute_url()).content.decode()
    assert "Daily — article address not recorded" in page


# --- upgrading a site loaded from the files before the fact-check of 4 December 2026 ------

OLD_GUIDE = Path(__file__).parent / "content_09e5464" / "linkedin.toml"
AI_SETTING_URL = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"


def read_unchecked(path):
    """A guide file and its translations as `content.read` gives them, without the checks
    (today's checks refuse the old files: the Dutch regulator's home page as an article)."""
    data = content.parse(path)
    data["translations"] = {
        language: content.parse(translated)
        for language, translated in content.translation_paths(path).items()
    }
    return data


def test_todays_checks_refuse_the_old_files_home_page_source():
    with pytest.raises(content.ContentError, match="dutch-dpa-2025.*home page"):
        content.read(OLD_GUIDE)


def test_update_brings_the_fact_check_into_a_site_loaded_from_the_old_files(no_guide):
    loading.load(read_unchecked(OLD_GUIDE))
    limits = Step.objects.get(slug="what-it-does-and-does-not-do")
    assert "the UK is left out too" in limits.body_en  # the old, wrong sentence

    call_command("load_guide", update=True)

    guide = Guide.objects.get()
    assert "LinkedIn and its affiliates" in guide.intro_en
    assert "verbundenen Unternehmen" in guide.intro_de
    assert guide.last_verified_en == guide.last_verified_de == datetime.date(2026, 12, 4)
    limits.refresh_from_db()
    assert "left out" not in limits.body_en and "bleibt ausgenommen" not in limits.body_de
    assert "7 November 2025" in limits.body_en and "7. November 2025" in limits.body_de
    assert "legen den Widerspruch nahe" not in limits.body_de
    cited = set(limits.sources.values_list("slug", flat=True))
    assert {"irish-legal-2025", "pinsent-masons-2025", "sdtb-sachsen-2025"} <= cited
    assert "golem-2025" not in cited
    first = Step.objects.get(slug="open-settings")
    assert first.linkedin_url == AI_SETTING_URL
    assert first.title_en == "Open the AI setting" and first.title_de == "Die KI-Einstellung öffnen"
    switch = Step.objects.get(slug="switch-it-off")
    assert "every device" not in switch.body_en and "allen Geräten" not in switch.body_de
    assert "undatierten Blogs" in switch.labels.get().note_de
    notice = Source.objects.get(slug="linkedin-privacy-notice-eu")
    assert notice.published == datetime.date(2026, 8, 21)
    assert Source.objects.get(slug="helpnetsecurity-2025").url.endswith(
        "/linkedin-ai-data-privacy-policy/"
    )
    # Sources the files dropped stay as rows but no step cites them any more.
    for slug in ("golem-2025", "blog-generative-ai-features"):
        assert not Source.objects.get(slug=slug).steps.exists(), slug
    # The site now holds exactly what the files say: loading them again changes nothing.
    assert loading.load(content.read(), update=True) == {"created": 0, "updated": 0}


def test_a_plain_load_of_the_new_files_keeps_a_champions_edit(no_guide):
    loading.load(read_unchecked(OLD_GUIDE))
    step = Step.objects.get(slug="what-it-does-and-does-not-do")
    Step.objects.filter(pk=step.pk).update(
        body_en="Edited by the champion", title_de="Von Hand geändert"
    )

    call_command("load_guide")

    step.refresh_from_db()
    assert step.body_en == "Edited by the champion"
    assert step.title_de == "Von Hand geändert"


def test_a_plain_load_adds_new_sources_but_rewrites_no_text(no_guide):
    """Without --update the loader only adds what is missing (README, "The content"): the
    corrected wording reaches an existing site through `load_guide --update` only."""
    loading.load(read_unchecked(OLD_GUIDE))

    call_command("load_guide")

    assert Source.objects.filter(slug="irish-legal-2025").exists()
    switch = Step.objects.get(slug="switch-it-off")
    assert "every device" in switch.body_en
    assert Step.objects.get(slug="open-settings").linkedin_url != AI_SETTING_URL


def test_a_plain_load_brings_the_fact_checks_correction_into_an_old_site_once(no_guide, client):
    loading.load(read_unchecked(OLD_GUIDE))
    assert not GuideChange.objects.exists()

    call_command("load_guide")
    call_command("load_guide")

    change = GuideChange.objects.get()
    assert (change.slug, change.kind) == ("fact-check-2026-12-04", "correction")
    assert change.date == datetime.date(2026, 12, 4)
    assert "We checked every statement again" in change.summary_en
    assert "Wir haben jede Aussage erneut geprüft" in change.summary_de
    assert "We checked every statement again" in client.get("/changes/").content.decode()


def test_update_keeps_a_step_a_champion_verified_later_than_the_files(no_guide):
    loading.load(read_unchecked(OLD_GUIDE))  # every step last verified in December 2026
    champion = UserFactory()
    later, earlier = Step.objects.get(slug="open-settings"), Step.objects.get(slug="switch-it-off")
    verification.mark_verified([later], champion, today=datetime.date(2026, 12, 10))
    verification.mark_verified([earlier], champion, today=datetime.date(2026, 12, 2))

    call_command("load_guide", update=True)

    later.refresh_from_db()
    assert later.last_verified_en == later.last_verified_de == datetime.date(2026, 12, 10)
    assert later.verified_by == champion
    assert later.title_en == "Open the AI setting"  # the rest of the step follows the file
    earlier.refresh_from_db()
    assert earlier.last_verified_en == earlier.last_verified_de == datetime.date(2026, 12, 4)
    assert earlier.verified_by is None  # the files' check, not the champion's
    untouched = Step.objects.get(slug="what-it-does-and-does-not-do")
    assert untouched.last_verified_en == untouched.last_verified_de == datetime.date(2026, 12, 4)
    assert loading.load(content.read(), update=True) == {"created": 0, "updated": 0}


def test_a_plain_load_leaves_a_champions_verification_date_alone(no_guide):
    loading.load(read_unchecked(OLD_GUIDE))
    step = Step.objects.get(slug="open-settings")
    verification.mark_verified([step], UserFactory(), today=datetime.date(2026, 11, 30))

    call_command("load_guide")

    step.refresh_from_db()
    assert step.last_verified_en == step.last_verified_de == datetime.date(2026, 11, 30)
