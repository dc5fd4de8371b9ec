"""When the English text changes after its German translation, the admin and the German
reader are told: each language's last change is recorded by the admin and by load_guide."""

import copy
import datetime

import pytest
from django.utils import timezone

from guide import loading, page_cache, translation_dates
from guide.models import ChecklistItem, Guide, Step

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
NOTE = "Der englische Text wurde am"


def stamps(obj):
    obj.refresh_from_db()
    return obj.text_changed


def test_loading_both_languages_from_the_files_gives_them_one_time(guide):
    rows = [guide, *guide.steps.all(), *guide.items.all()]
    for row in rows:
        assert set(row.text_changed) == {"en", "de"}, row
        assert row.text_changed["en"] == row.text_changed["de"], row
        assert translation_dates.older_since(row, "de") is None


def test_an_update_of_the_english_alone_makes_the_german_older(no_guide, bundled_guide_data):
    data = copy.deepcopy(bundled_guide_data)
    loading.load(data)
    slug = data["steps"][2]["slug"]
    edited = copy.deepcopy(data)
    edited["steps"][2]["body"] += "\nOne more English sentence.\n"
    edited["items"][0]["summary"] = "Reworded in English only."
    loading.load(edited, update=True)
    step = Step.objects.get(slug=slug)
    english = datetime.datetime.fromisoformat(stamps(step)["en"])
    assert translation_dates.older_since(step, "de") == english
    item = ChecklistItem.objects.get(slug=data["items"][0]["slug"])
    assert translation_dates.older_since(item, "de") is not None
    assert translation_dates.older_since(Step.objects.exclude(slug=slug).first(), "de") is None

    both = copy.deepcopy(edited)
    both["translations"]["de"]["steps"][slug]["body"] += "\nNoch ein deutscher Satz.\n"
    loading.load(both, update=True)
    assert translation_dates.older_since(Step.objects.get(slug=slug), "de") is None


def test_a_label_reworded_in_english_alone_makes_the_steps_german_older(
    no_guide, bundled_guide_data
):
    data = copy.deepcopy(bundled_guide_data)
    loading.load(data)
    edited = copy.deepcopy(data)
    edited["steps"][0]["labels"][0]["note"] = "Reworded note."
    loading.load(edited, update=True)
    step = Step.objects.get(slug=data["steps"][0]["slug"])
    assert translation_dates.older_since(step, "de") is not None


def test_a_translation_filled_in_by_a_plain_load_is_as_new_as_that_load(
    no_guide, bundled_guide_data
):
    data = copy.deepcopy(bundled_guide_data)
    english_only = copy.deepcopy(data)
    english_only["translations"] = {}
    loading.load(english_only)
    step = Step.objects.get(slug=data["steps"][0]["slug"])
    assert set(stamps(step)) == {"en"}
    assert translation_dates.older_since(step, "de") is None  # no German: says "untranslated"
    loading.load(data)
    assert stamps(step)["de"] >= stamps(step)["en"]
    assert translation_dates.older_since(step, "de") is None


def test_loading_twice_records_nothing_new(guide, bundled_guide_data):
    before = {step.pk: step.text_changed for step in guide.steps.all()}
    loading.load(bundled_guide_data)
    assert {step.pk: step.text_changed for step in guide.steps.all()} == before


def test_a_german_without_a_recorded_change_is_older_than_a_recorded_english(guide):
    step = guide.steps.first()
    step.text_changed = {}
    translation_dates.record(step, {"en"}, timezone.now())
    assert translation_dates.older_since(step, "de") is not None
    translation_dates.record(step, {"de"}, timezone.now())
    assert translation_dates.older_since(step, "de") is None


def test_the_german_step_page_says_when_its_text_is_older_than_the_english(client, guide):
    step = guide.steps.get(slug="switch-it-off")
    assert NOTE not in client.get(step.get_absolute_url(), **GERMAN).content.decode()
    changed = timezone.make_aware(datetime.datetime(2026, 12, 9, 10, 0))
    translation_dates.record(step, {"en"}, changed)
    page_cache.content_changed()  # as every admin save does
    german = client.get(step.get_absolute_url(), **GERMAN).content.decode()
    assert f'{NOTE} <time datetime="2026-12-09">9. Dezember 2026</time> geändert' in german
    english = client.get(step.get_absolute_url()).content.decode()
    assert "after this translation" not in english


def test_the_german_overview_says_when_the_intro_is_older_than_the_english(client, guide):
    translation_dates.record(guide, {"en"}, timezone.now())
    page_cache.content_changed()
    assert NOTE in client.get("/", **GERMAN).content.decode()


@pytest.mark.parametrize("model", [Guide, Step, ChecklistItem])
def test_the_admin_marks_an_older_german_in_the_list_and_on_the_change_page(
    admin_client, guide, model
):
    row = model.objects.first()
    name = model._meta.model_name
    translation_dates.record(row, {"en"}, timezone.make_aware(datetime.datetime(2026, 12, 9)))
    listed = admin_client.get(f"/admin/guide/{name}/").content.decode()
    assert '<strong class="translation-older">German older since 9 Dec 2026</strong>' in listed
    page = admin_client.get(f"/admin/guide/{name}/{row.pk}/change/").content.decode()
    assert "German is older than the English it translates, since 9 December 2026." in page
    translation_dates.record(row, {"de"}, timezone.make_aware(datetime.datetime(2026, 12, 10)))
    page = admin_client.get(f"/admin/guide/{name}/{row.pk}/change/").content.decode()
    assert "German is up to date with the English." in page
    assert "translation-older" not in admin_client.get(f"/admin/guide/{name}/").content.decode()
