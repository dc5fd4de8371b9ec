"""The champion's adoption figures, the member list and their CSV exports."""

import csv
import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import proof
from champions import adoption
from guide import summaries
from guide.models import ChecklistItem, Tick
from tests.factories import ChampionFactory, TickFactory, UserFactory

NOW = timezone.now()


@pytest.fixture
def people(guide):
    """Six members in every situation, and one former colleague whose account is off."""
    items = {item.slug: item for item in guide.items.all()}
    required = [s for s, item in items.items() if not item.optional]

    def ticks(user, slugs, state="done", when=NOW):
        for slug in slugs:
            TickFactory(user=user, item=items[slug], state=state, updated_at=when)

    finished = UserFactory(username="finished@example.com", email="finished@example.com")
    ticks(finished, required[:3])
    ticks(finished, required[3:], state="not_applicable")
    ticks(finished, ["data-sharing-microsoft"])
    partway = UserFactory(username="partway@example.com", email="partway@example.com")
    ticks(partway, required[:2])
    stale = UserFactory(username="stale@example.com", email="stale@example.com")
    ticks(stale, required, when=NOW - datetime.timedelta(days=10))
    ChecklistItem.objects.filter(slug=required[1]).update(revised=NOW - datetime.timedelta(days=1))
    summaries.summarise(guide)  # as the admin action does
    UserFactory(username="idle@example.com", email="idle@example.com")
    undecided = UserFactory(username="undecided@example.com", email="undecided@example.com")
    ticks(undecided, required[:1], state="todo")
    gone = UserFactory(username="gone@example.com", is_active=False)
    ticks(gone, required)
    return required


def test_figures_are_right_on_every_kind_of_member(guide, people):
    ChampionFactory(permissions=["view_dashboard"])
    figures = adoption.figures(guide)
    assert (figures.members, figures.started, figures.finished) == (6, 3, 1)
    assert figures.stale_ticks == 1
    rows = {row.item.slug: row for row in figures.items}
    first, second, third, fourth = people
    assert (rows[first].done, rows[first].not_applicable, rows[first].stale) == (3, 0, 0)
    assert rows[first].todo == 3
    assert (rows[second].done, rows[second].stale, rows[second].todo) == (2, 1, 3)
    assert (rows[fourth].done, rows[fourth].not_applicable, rows[fourth].todo) == (1, 1, 4)
    assert rows["data-sharing-microsoft"].done == 1


def test_completions_are_counted_in_the_week_of_the_last_tick(guide, people):
    ((week, count),) = adoption.figures(guide).weeks
    assert count == 1
    assert week.weekday() == 0 and week <= NOW.date() < week + datetime.timedelta(days=7)


def test_the_dashboard_needs_log_in(client, guide):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "path",
    ["/dashboard/", "/dashboard/adoption.csv", "/dashboard/members/", "/dashboard/members.csv"],
)
def test_a_member_without_permission_gets_403(client, guide, path):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(path).status_code == 403


def test_the_dashboard_permission_shows_figures_but_no_names(client, guide, people):
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    page = client.get("/dashboard/").content.decode()
    assert '<dd data-figure="members">6</dd>' in page
    assert '<dd data-figure="finished">1 ' in page
    assert '<dd data-figure="stale">1</dd>' in page
    assert "partway@example.com" not in page and "Who has not finished" not in page
    assert client.get("/dashboard/members/").status_code == 403
    assert client.get("/dashboard/members.csv").status_code == 403


def test_the_member_permission_shows_names(client, guide, people):
    client.force_login(ChampionFactory(permissions=["view_dashboard", "view_member_progress"]))
    page = client.get("/dashboard/").content.decode()
    assert "Who has not finished" in page
    page = client.get("/dashboard/members/").content.decode()
    for name in ["finished@", "partway@", "stale@", "idle@", "undecided@"]:
        assert name in page
    assert "gone@example.com" not in page


@pytest.mark.parametrize(
    "state, expected",
    [
        ("not_started", {"idle@example.com", "undecided@example.com", "boss@example.com"}),
        ("in_progress", {"partway@example.com", "stale@example.com"}),
        ("finished", {"finished@example.com"}),
        ("stale", {"stale@example.com"}),
        ("", {"finished@example.com", "partway@example.com", "stale@example.com",
              "idle@example.com", "undecided@example.com", "boss@example.com"}),
    ],
)  # fmt: skip
def test_the_member_list_filters_by_state(client, guide, people, state, expected):
    client.force_login(
        ChampionFactory(
            permissions=["view_member_progress"],
            username="boss@example.com",
            email="boss@example.com",
        )
    )
    response = client.get("/dashboard/members.csv", {"state": state})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row[0] for row in rows[1:]} == expected


def test_the_member_list_searches_and_paginates(client, guide):
    client.force_login(
        ChampionFactory(permissions=["view_member_progress"], username="boss@example.com")
    )
    for n in range(60):
        UserFactory(username=f"person{n:02}@example.com", email=f"person{n:02}@example.com")
    page = client.get("/dashboard/members/", {"q": "person0"}).content.decode()
    assert "10 members" in page and "person05@example.com" in page
    first = client.get("/dashboard/members/").content.decode()
    assert "Page 1 of 2" in first
    second = client.get("/dashboard/members/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert client.get("/dashboard/members/", {"page": "x", "state": "nonsense"}).status_code == 200


def test_csv_figures_match_the_dashboard(client, guide, people):
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    response = client.get("/dashboard/adoption.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    figures = adoption.figures(guide)
    assert rows[1:5] == [
        ["members", str(figures.members)],
        ["started", str(figures.started)],
        ["finished", str(figures.finished)],
        ["stale ticks", str(figures.stale_ticks)],
    ]
    item_rows = {row[0]: row for row in rows[7:12]}
    for row in figures.items:
        assert item_rows[row.item.slug][2:] == [
            str(row.done),
            str(row.not_applicable),
            str(row.stale),
            str(row.todo),
        ]


def test_member_csv_rows_match_the_figures(client, guide, people):
    client.force_login(ChampionFactory(permissions=["view_dashboard", "view_member_progress"]))
    response = client.get("/dashboard/members.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    figures = adoption.figures(guide)
    assert len(rows) == figures.members
    assert sum(row["finished"] == "True" for row in rows) == figures.finished
    assert sum(int(row["stale"]) for row in rows) == figures.stale_ticks


@pytest.mark.parametrize("members", [10, 1000])
def test_dashboard_queries_do_not_grow_with_members(
    client, guide, django_assert_num_queries, members
):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"m{n}@example.com", email=f"m{n}@example.com") for n in range(members)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    items = list(guide.items.all())
    Tick.objects.bulk_create(
        Tick(user=user, item=items[n % len(items)], state="done") for n, user in enumerate(users)
    )
    client.force_login(ChampionFactory(permissions=["view_dashboard", "view_member_progress"]))
    # session, user, permissions (user, group), the content version and the guide (kept in
    # memory after this), items, members per week, per item, the staff list's required
    # count and its one grouped pass, the campaigns, and the steps due for verification
    with django_assert_num_queries(13):
        response = client.get("/dashboard/")
    assert f'<dd data-figure="members">{members + 1}</dd>' in response.content.decode()
    # the guide is in memory now; whether there is a staff list
    with django_assert_num_queries(8):
        client.get("/dashboard/members/")


def test_dashboard_refuses_post(client, guide):
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    assert client.post("/dashboard/").status_code == 405


def test_seed_demo_fills_realistic_progress(guide):
    from django.core.management import call_command

    call_command("seed_demo", members=300, seed=1)
    call_command("seed_demo", members=300, seed=1)  # replaces, does not add
    figures = adoption.figures(guide)
    assert figures.members == 300
    assert 0 < figures.finished < figures.started < figures.members
    assert figures.stale_ticks > 0
    assert figures.weeks


def test_the_member_list_sorts_by_every_column_and_shows_last_active_and_reminded(
    client, guide, people
):
    client.force_login(ChampionFactory(permissions=["view_member_progress"]))
    from champions.models import Mail

    finished = get_user_model().objects.get(email="finished@example.com")
    when = NOW - datetime.timedelta(days=2)
    Mail.objects.create(
        kind=Mail.Kind.REMINDER, user=finished, occasion=when.date(), status="sent", sent_at=when
    )
    most_reviewed = client.get("/dashboard/members/", {"sort": "-reviewed"}).context["page"]
    reviewed = [person.reviewed for person in most_reviewed]
    assert reviewed == sorted(reviewed, reverse=True) and reviewed[0] == 4
    for key in ["member", "reviewed", "stale", "joined", "active", "reminded"]:
        for sort in (key, f"-{key}"):
            assert client.get("/dashboard/members/", {"sort": sort}).status_code == 200
    page = client.get("/dashboard/members/", {"sort": "-reminded"})
    assert page.context["page"][0] == finished
    html = page.content.decode()
    assert 'aria-sort="descending"' in html and "Last reminded" in html
    assert (NOW - datetime.timedelta(days=2)).strftime("%-d %b %Y") in html
    # Nonsense sorts like the default, never a 500.
    assert client.get("/dashboard/members/", {"sort": "password"}).status_code == 200


def test_csv_exports_stream_in_batches_with_the_same_bytes(guide):
    from champions.spreadsheets import csv_response

    rows = [["email", "n"], *([f"p{n}@example.com", n] for n in range(1234))]
    chunks = list(csv_response("x.csv", iter(rows)).streaming_content)
    assert len(chunks) == 3  # 500 + 500 + 235 rows, not one write per row
    expected = "".join(f"{a},{b}\r\n" for a, b in rows)
    assert b"".join(chunks).decode() == expected


def test_the_figures_are_counted_once_a_minute_and_say_when(client, guide, people, settings):
    settings.DASHBOARD_SECONDS = 60
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    before = proof.members().count()
    first = client.get("/dashboard/").content.decode()
    assert f'<dd data-figure="members">{before}</dd>' in first
    assert "Counted at" in first and "at most every minute" in first
    UserFactory(username="newcomer@example.com", email="newcomer@example.com")
    again = client.get("/dashboard/").content.decode()
    assert f'<dd data-figure="members">{before}</dd>' in again  # the same count
    from django.core.cache import cache

    cache.clear()  # as the minute passing does
    later = client.get("/dashboard/").content.decode()
    assert f'<dd data-figure="members">{before + 1}</dd>' in later


@pytest.mark.parametrize("members", [10, 1000])
def test_counted_figures_cost_the_same_few_queries_at_any_size(
    client, guide, django_assert_num_queries, members, settings
):
    settings.DASHBOARD_SECONDS = 60
    User = get_user_model()
    User.objects.bulk_create(
        User(username=f"m{n}@example.com", email=f"m{n}@example.com") for n in range(members)
    )
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    client.get("/dashboard/")  # counts and keeps the figures
    # session, user, permissions (user, group), the figures (the guide is in memory)
    with django_assert_num_queries(5):
        client.get("/dashboard/")
