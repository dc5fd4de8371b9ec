"""A colleague ticks settings off: on /checklist/ and on step pages, with or without htmx."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guide import page_cache
from guide.models import ChecklistItem, Tick
from tests.conftest import sign_in_by_mail
from tests.factories import ChecklistItemFactory, TickFactory, UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def tick_url(slug):
    return reverse("guide:tick", args=[slug])


def test_checklist_lists_every_item_in_order_with_the_fixed_markup(client, guide, required):
    page = client.get("/checklist/").content.decode()
    slugs = list(guide.items.order_by("order").values_list("slug", flat=True))
    positions = [page.index(f'data-item="{slug}"') for slug in slugs]
    assert positions == sorted(positions)
    assert page.count('data-state="todo"') == len(slugs)
    assert page.count('name="state" value="done"') == len(slugs)
    assert f"<strong data-progress>0 of {required}</strong>" in page


def test_tick_by_plain_post_redirects_back_and_is_saved(client, guide, member, required):
    step = guide.steps.get(slug="switch-it-off")
    response = client.post(
        tick_url("ai-training"), {"state": "done", "next": step.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response["Location"] == step.get_absolute_url() + "#item-ai-training"
    tick = Tick.objects.get(user=member)
    assert (tick.item.slug, tick.state) == ("ai-training", "done")
    page = client.get(step.get_absolute_url()).content.decode()
    assert 'data-item="ai-training" data-state="done"' in page
    assert f"<strong data-progress>1 of {required}</strong>" in page


def test_tick_by_htmx_returns_only_the_item_and_the_progress(client, guide, member, required):
    response = client.post(tick_url("ai-training"), {"state": "done"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.count("data-item=") == 1
    assert 'data-item="ai-training" data-state="done"' in html
    assert 'id="progress"' in html and 'hx-swap-oob="innerHTML"' in html
    assert f"<strong data-progress>1 of {required}</strong>" in html


def test_ticking_again_changes_the_one_row(client, guide, member):
    client.post(tick_url("get-a-copy-of-your-data"), {"state": "done"})
    client.post(tick_url("get-a-copy-of-your-data"), {"state": "not_applicable"})
    assert Tick.objects.filter(user=member).count() == 1
    assert Tick.objects.get(user=member).state == "not_applicable"


def test_undo_sets_the_item_back_to_do(client, guide, member):
    client.post(tick_url("ai-training"), {"state": "done"})
    client.post(tick_url("ai-training"), {"state": "todo"})
    page = client.get("/checklist/").content.decode()
    assert 'data-item="ai-training" data-state="todo"' in page


def test_not_applicable_counts_as_reviewed_and_optional_items_do_not_count(
    client, guide, member, required
):
    client.post(tick_url("get-a-copy-of-your-data"), {"state": "not_applicable"})
    client.post(tick_url("data-sharing-microsoft"), {"state": "done"})
    page = client.get("/checklist/").content.decode()
    assert f"<strong data-progress>1 of {required}</strong>" in page


def test_finishing_shows_done_and_the_link_to_share(client, guide, member, required):
    for item in guide.items.filter(optional=False):
        client.post(tick_url(item.slug), {"state": "done"})
    page = client.get("/checklist/").content.decode()
    assert f"<strong data-progress>{required} of {required}</strong>" in page
    assert "Done — thank you!" in page
    assert 'href="http://testserver/"' in page


def test_every_page_thanks_a_finished_colleague_once(client, guide, member):
    for item in guide.items.filter(optional=False):
        client.post(tick_url(item.slug), {"state": "done"})
    step = guide.items.get(slug="ai-training").step
    for path in ["/", "/checklist/", step.get_absolute_url()]:
        page = client.get(path).content.decode()
        assert page.count("thank you!") == 1, path


def test_a_material_change_makes_earlier_ticks_stale(client, guide, member, required):
    item = guide.items.get(slug="ai-training")
    TickFactory(user=member, item=item, updated_at=timezone.now() - datetime.timedelta(days=2))
    ChecklistItem.objects.filter(pk=item.pk).update(revised=timezone.now())
    page_cache.content_changed()  # as every admin save does
    page = client.get("/checklist/").content.decode()
    assert 'data-item="ai-training" data-state="stale"' in page
    assert 'Re-check — <a href="/changes/">the guide changed on' in page  # no entry recorded
    assert f"<strong data-progress>0 of {required}</strong>" in page

    client.post(tick_url("ai-training"), {"state": "done"})
    page = client.get("/checklist/").content.decode()
    assert 'data-item="ai-training" data-state="done"' in page
    assert f"<strong data-progress>1 of {required}</strong>" in page


def test_another_persons_ticks_are_not_shown(client, guide, member):
    TickFactory(item=guide.items.get(slug="ai-training"))
    page = client.get("/checklist/").content.decode()
    assert 'data-item="ai-training" data-state="todo"' in page


def test_unknown_item_is_a_404_and_changes_nothing(client, guide, member):
    response = client.post(tick_url("no-such-item"), {"state": "done"})
    assert response.status_code == 404
    assert not Tick.objects.exists()


def test_an_item_of_another_guide_is_a_404(client, guide, member):
    foreign = ChecklistItemFactory(slug="foreign-item")
    assert client.post(tick_url(foreign.slug), {"state": "done"}).status_code == 404
    assert not Tick.objects.exists()


@pytest.mark.parametrize("data", [{"state": "finished"}, {}, {"state": ""}])
def test_invalid_state_is_a_400_and_changes_nothing(client, guide, member, data):
    response = client.post(tick_url("ai-training"), data)
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()
    assert not Tick.objects.exists()


def test_tick_without_csrf_token_is_a_403_and_changes_nothing(guide):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(tick_url("ai-training"), {"state": "done"})
    assert response.status_code == 403
    assert not Tick.objects.exists()


def test_tick_refuses_get(client, guide, member):
    assert client.get(tick_url("ai-training")).status_code == 405


def test_an_off_site_next_is_ignored(client, guide, member):
    response = client.post(
        tick_url("ai-training"), {"state": "done", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("guide:checklist") + "#item-ai-training"


def test_anonymous_ticks_live_in_the_session(client, guide, required):
    client.post(tick_url("ai-training"), {"state": "done"})
    assert not Tick.objects.exists()
    page = client.get("/checklist/").content.decode()
    assert 'data-item="ai-training" data-state="done"' in page
    assert f"<strong data-progress>1 of {required}</strong>" in page


def test_anonymous_ticks_move_to_the_new_account_on_sign_up(client, guide):
    client.post(tick_url("ai-training"), {"state": "done"})
    client.post(tick_url("get-a-copy-of-your-data"), {"state": "not_applicable"})
    sign_in_by_mail(client, "new@example.com")
    ticks = dict(
        Tick.objects.filter(user__email="new@example.com").values_list("item__slug", "state")
    )
    assert ticks == {"ai-training": "done", "get-a-copy-of-your-data": "not_applicable"}
    assert 'data-item="ai-training" data-state="done"' in client.get("/checklist/").content.decode()


def test_on_log_in_the_newer_state_of_an_item_wins(client, guide):
    user = UserFactory()
    old = timezone.now() - datetime.timedelta(days=1)
    TickFactory(user=user, item=guide.items.get(slug="ai-training"), state="todo", updated_at=old)
    newer = TickFactory(
        user=user, item=guide.items.get(slug="manage-data-and-activity"), state="done"
    )
    client.post(tick_url("ai-training"), {"state": "done"})  # newer than the account's
    client.post(tick_url("manage-data-and-activity"), {"state": "todo"})
    # ...but the account's tick on this one is made later still:
    Tick.objects.filter(pk=newer.pk).update(
        updated_at=timezone.now() + datetime.timedelta(minutes=1)
    )

    sign_in_by_mail(client, user.email)

    ticks = dict(Tick.objects.filter(user=user).values_list("item__slug", "state"))
    assert ticks == {"ai-training": "done", "manage-data-and-activity": "done"}
    assert Tick.objects.filter(user=user).count() == 2


@pytest.mark.parametrize("extra_items", [0, 25])
def test_checklist_queries_do_not_grow_with_items(
    client, guide, member, django_assert_num_queries, extra_items
):
    for n in range(extra_items):
        item = ChecklistItemFactory(guide=guide, order=100 + n, step=guide.steps.first())
        TickFactory(user=member, item=item)
    client.get("/checklist/")  # the guide and its items are cached from now on
    # session, user, the colleague's ticks
    with django_assert_num_queries(3):
        response = client.get("/checklist/")
    assert response.content.decode().count("data-item=") == 5 + extra_items


def test_the_landing_page_shows_progress(client, guide, member, required):
    client.post(tick_url("ai-training"), {"state": "done"})
    assert f"<strong data-progress>1 of {required}</strong>" in client.get("/").content.decode()


def test_the_item_on_its_own_step_page_does_not_link_to_itself(client, guide):
    step = guide.steps.get(slug="switch-it-off")
    link = f'<a href="{step.get_absolute_url()}">How to do it'
    assert link not in client.get(step.get_absolute_url()).content.decode()
    assert link in client.get("/checklist/").content.decode()
    fragment = client.post(
        tick_url("ai-training"),
        {"state": "done"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{step.get_absolute_url()}",
    ).content.decode()
    assert link not in fragment


@pytest.mark.parametrize("who", ["colleague", "champion"])
def test_a_tick_and_the_checklist_cost_a_champion_no_more_than_a_colleague(
    client, guide, django_assert_num_queries, who
):
    from django.db import connection

    from tests.factories import ChampionFactory

    client.force_login(ChampionFactory() if who == "champion" else UserFactory())
    client.get("/checklist/")  # the guide and its items are cached from now on
    # session, user, the colleague's ticks: no permission lookups for the staff link
    with django_assert_num_queries(3):
        client.get("/checklist/")
    # session, user; then, holding the write lock (a savepoint here, inside the test's
    # transaction), three statements: the items' rules with the colleague's ticks, the
    # tick, the summary (PostgreSQL first locks the colleague's row); the answer is
    # rendered from what was just written
    inside = 2 + 3 + (0 if connection.vendor == "sqlite" else 1)
    with django_assert_num_queries(2 + inside):
        response = client.post(tick_url("ai-training"), {"state": "done"}, **HTMX)
    assert 'data-state="done"' in response.content.decode()


def test_a_kept_personal_page_never_shows_another_requests_token_or_message(client, guide):
    """Pages with ticks are kept per state with the CSRF token and nonce left as holes:
    each request gets its own, and a message meant for one request is never kept."""
    import re

    from django.test import Client

    client.force_login(UserFactory())
    first = client.get("/checklist/").content.decode()
    other = Client()
    other.force_login(UserFactory())
    second = other.get("/checklist/").content.decode()

    def tokens(page):
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))

    assert tokens(first) and tokens(second) and not tokens(first) & tokens(second)
    assert "\ue000" not in first + second  # every hole filled
    client.post(tick_url("ai-training"), {"state": "done"})  # a plain POST: "Saved: …"
    assert "Saved:" in client.get("/checklist/").content.decode()
    assert "Saved:" not in client.get("/checklist/").content.decode()  # once only
    assert "Saved:" not in other.get("/checklist/").content.decode()
