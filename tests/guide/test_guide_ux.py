"""What the overview, the steps and the ticks tell a colleague: what comes next, how long
it takes, what was saved; and the words and tags every page carries."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from guide import page_cache
from guide.models import ChecklistItem, Tick
from tests.factories import ChampionFactory, TickFactory, UserFactory

QUESTION = (
    "Can LinkedIn use your personal data and content you create on LinkedIn to train "
    "generative AI models that create content?"
)


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def tick(client, slug, state="done", **extra):
    return client.post(reverse("guide:tick", args=[slug]), {"state": state}, **extra)


def main(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def words(html):
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return len(re.findall(r"[\w'’]+(?:[-.][\w'’]+)*", text))


def before_first(html, *markers):
    return html[: min(html.index(m) for m in markers if m in html)]


# --- word budgets and minutes (content as rendered) -----------------------------------


def test_the_landing_page_is_at_most_120_words_before_its_first_button(client, guide):
    page = main(client.get("/").content.decode())
    assert words(before_first(page, 'class="button')) <= 120


@pytest.mark.parametrize("number", [1, 2, 3])
def test_the_first_three_steps_are_at_most_90_words_before_button_and_labels(client, guide, number):
    step = guide.steps.get(order=number)
    page = main(client.get(step.get_absolute_url()).content.decode())
    shown = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    assert words(before_first(shown, 'class="button', 'class="labels"')) <= 90


AI_SETTING_URL = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"


def visible_words(html):
    """Words a sighted reader reads: text shown on screen, not the screen-reader-only parts."""
    html = re.sub(r'<span class="visually-hidden">.*?</span>', " ", html, flags=re.S)
    return words(html)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_switch_is_under_100_words_of_reading_away(client, guide, language):
    """From the link to the button that opens the switch: the overview up to its first
    button, then the first step up to its button, which opens the switch itself."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    overview = main(client.get("/", **headers).content.decode())
    first_button = overview[overview.index('class="button') :]
    first_step = guide.steps.get(order=1)
    assert f'href="{first_step.get_absolute_url()}"' in first_button[:200]
    step = main(client.get(first_step.get_absolute_url(), **headers).content.decode())
    button = re.search(r'<a class="button button-primary" href="([^"]+)"', step)
    assert button.group(1) == AI_SETTING_URL
    read = visible_words(before_first(overview, 'class="button'))
    read += visible_words(step[: button.start()])
    assert read < 100


def test_the_overviews_time_is_the_switch_off_steps_own_minutes(client, guide):
    minutes = sum(guide.steps.filter(part="switch_off").values_list("minutes", flat=True))
    page = client.get("/").content.decode()
    assert f"Switching it off takes about {minutes} minutes on a computer." in page
    assert "two minutes" not in page.lower()
    # Reworded in the admin, the page follows the steps, not a number in a template.
    guide.steps.filter(slug="switch-it-off").update(minutes=2)
    page_cache.content_changed()
    page = client.get("/").content.decode()
    assert f"Switching it off takes about {minutes + 1} minutes on a computer." in page


def test_the_ai_step_quotes_linkedins_question_outside_the_fold(client, guide):
    step = guide.steps.get(slug="switch-it-off")
    page = main(client.get(step.get_absolute_url()).content.decode())
    shown = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    assert QUESTION in unescape(re.sub(r"\s+", " ", shown))


def test_every_step_says_about_how_long_it_takes(client, guide):
    for step in guide.steps.all():
        assert step.minutes >= 1
        page = client.get(step.get_absolute_url()).content.decode()
        unit = "minute" if step.minutes == 1 else "minutes"
        assert f"About {step.minutes} {unit}" in page
    assert "About 1 minute<" in client.get("/steps/open-settings/").content.decode()


def test_the_switch_off_steps_take_a_minute_each(guide):
    assert list(guide.steps.filter(part="switch_off").values_list("minutes", flat=True)) == [
        1,
        1,
        1,
    ]


def test_background_is_folded_into_details_on_step_pages_and_printed_in_full(client, guide):
    step = guide.steps.get(slug="get-a-copy-of-your-data")
    assert step.background.startswith("LinkedIn e-mails a download link")
    page = client.get(step.get_absolute_url()).content.decode()
    fold = page[page.index('<details class="background">') :]
    assert "<summary>Background</summary>" in fold and "e-mails a download link" in fold
    printed = client.get(reverse("guide:print")).content.decode()
    assert "e-mails a download link" in printed and "<details" not in printed


def test_the_markdown_keeps_no_details_tags_of_its_own(guide):
    from guide.markdown import render_markdown

    assert "<details" not in render_markdown("<details><summary>x</summary>y</details>")


# --- the overview's next step ----------------------------------------------------------


def landing(client):
    return client.get("/").content.decode()


def test_with_nothing_ticked_the_overview_starts_with_step_1(client, guide):
    page = landing(client)
    assert "Data for Generative AI Improvement" in page
    assert 'data-next="start"' in page
    assert ">Start with step 1<" in page
    assert 'data-step="switch-it-off" data-step-state="todo"' in page
    assert 'data-step="open-settings">' in page  # a step without an item shows no state


def test_partway_the_overview_continues_with_the_first_step_left(client, guide, member):
    tick(client, "ai-training")
    page = landing(client)
    assert ">Continue with step 4<" in page
    assert 'data-step="switch-it-off" data-step-state="done"' in page
    tick(client, "how-linkedin-uses-your-data")
    tick(client, "get-a-copy-of-your-data", "not_applicable")
    page = landing(client)
    assert ">Continue with step 5<" in page
    assert 'data-step="get-a-copy-of-your-data" data-step-state="not_applicable"' in page


def test_a_stale_tick_asks_to_re_check_its_step(client, guide, member):
    item = guide.items.get(slug="how-linkedin-uses-your-data")
    TickFactory(user=member, item=item, updated_at=timezone.now() - datetime.timedelta(days=2))
    ChecklistItem.objects.filter(pk=item.pk).update(revised=timezone.now())
    page_cache.content_changed()  # as every admin save does
    page = landing(client)
    assert ">Re-check step 4<" in page
    assert 'data-step="how-linkedin-uses-your-data" data-step-state="stale"' in page


def test_when_everything_required_is_done_the_overview_invites_to_share(client, guide, member):
    for item in guide.items.filter(optional=False):
        tick(client, item.slug)
    page = landing(client)
    assert 'data-next="finished"' in page
    assert f'href="{reverse("champions:share")}">Share the guide with colleagues' in page
    assert "Continue with step" not in page and "Start with step" not in page


# --- ticking ---------------------------------------------------------------------------


def test_a_plain_tick_returns_to_the_item_with_a_confirmation_there(client, guide, member):
    step = guide.steps.get(slug="switch-it-off")
    response = client.post(
        reverse("guide:tick", args=["ai-training"]),
        {"state": "done", "next": step.get_absolute_url()},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == step.get_absolute_url() + "#item-ai-training"
    page = response.content.decode()
    start = page.index('data-item="ai-training"')
    item = page[start : page.index("</li>", start)]
    assert (
        '<p class="item-saved" role="status">Saved: Switch off &quot;Data for Generative AI '
        "Improvement&quot; — done</p>" in item
    )
    assert 'class="messages"' not in page  # shown at the item, not at the top as well
    assert "Saved:" not in client.get(step.get_absolute_url()).content.decode()


def test_a_done_item_folds_into_one_line_with_change(client, guide, member):
    tick(client, "manage-data-and-activity")
    page = client.get("/checklist/").content.decode()
    start = page.index('data-item="manage-data-and-activity"')
    item = page[start : page.index("</li>", start)]
    assert "item-collapsed" in page[start - 200 : start]
    assert "<summary>Change" in item
    assert 'name="state" value="done"' in item  # still there, behind Change
    assert "item-summary" not in item
    todo = page[page.index('data-item="get-a-copy-of-your-data"') :]
    assert "<summary>Change" not in todo[: todo.index("</li>")]


def test_after_an_htmx_tick_the_change_choices_stay_open_for_focus(client, guide, member):
    html = tick(client, "manage-data-and-activity", HTTP_HX_REQUEST="true").content.decode()
    assert '<details class="item-change" open>' in html


def test_the_ai_training_item_offers_no_not_applicable(client, guide, member):
    page = client.get("/checklist/").content.decode()
    start = page.index('data-item="ai-training"')
    item = page[start : page.index("</li>", start)]
    assert 'value="not_applicable"' not in item
    assert page.count('value="not_applicable"') == guide.items.count() - 1


def test_not_applicable_is_refused_where_it_cannot_apply(client, guide, member):
    response = tick(client, "ai-training", "not_applicable")
    assert response.status_code == 400
    assert not Tick.objects.exists()


def test_item_titles_sit_one_level_below_their_section(client, guide):
    checklist = client.get("/checklist/").content.decode()
    assert '<h2 class="item-title"' in checklist
    step = client.get("/steps/switch-it-off/").content.decode()
    assert '<h3 class="item-title"' in step and '<h2 class="item-title"' not in step


def test_steps_without_an_item_show_no_checklist_block(client, guide):
    assert "Your checklist" not in client.get("/steps/open-settings/").content.decode()
    assert "Your checklist" in client.get("/steps/switch-it-off/").content.decode()


def test_headings_never_skip_a_level(client, guide):
    for path in ["/", "/checklist/", "/print/", *(s.get_absolute_url() for s in guide.steps.all())]:
        levels = [int(n) for n in re.findall(r"<h([1-6])", main(client.get(path).content.decode()))]
        assert levels[0] == 1, path
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (path, levels)


# --- meta tags -------------------------------------------------------------------------


def meta(page, attribute, name):
    found = re.findall(rf'<meta {attribute}="{name}" content="([^"]*)">', page)
    assert len(found) == 1, (name, found)
    return unescape(found[0])


@pytest.mark.parametrize("champion", [False, True])
def test_every_page_has_a_description_and_open_graph_tags(client, guide, champion):
    paths = ["/", "/checklist/", "/print/", "/share/", "/accounts/login/", "/no-such-page/"]
    paths += [step.get_absolute_url() for step in guide.steps.all()]
    if champion:
        client.force_login(ChampionFactory())
        paths.remove("/accounts/login/")  # signed in, it sends you on
        paths += ["/dashboard/", "/dashboard/members/", "/accounts/"]
    for path in paths:
        page = client.get(path).content.decode()
        assert len(meta(page, "name", "description")) > 40, path
        assert meta(page, "property", "og:title"), path
        assert meta(page, "property", "og:description"), path
        assert meta(page, "property", "og:type") == "website", path


def test_pages_describe_themselves(client, guide):
    landing_page = client.get("/").content.decode()
    assert meta(landing_page, "property", "og:title") == guide.title
    assert meta(landing_page, "name", "description").startswith(
        "Data for Generative AI Improvement lets LinkedIn and its affiliates"
    )
    step = guide.steps.get(slug="switch-it-off")
    page = client.get(step.get_absolute_url()).content.decode()
    assert meta(page, "property", "og:title") == step.title
    assert meta(page, "name", "description").startswith("Set the switch Use my data")
    assert "LinkedIn’s “Data for Generative AI Improvement”" in meta(
        client.get("/accounts/login/").content.decode(), "name", "description"
    )
