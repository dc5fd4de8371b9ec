"""Adoption against the staff list: the whole company, per department, per country."""

import csv
import io

import pytest
from django.core.management import call_command

from champions import adoption
from guide import progress
from tests.factories import ChampionFactory, ColleagueFactory, TickFactory, UserFactory


def finish(user, guide):
    for item in progress.required_items(guide):
        TickFactory(user=user, item=item)


@pytest.fixture
def company(guide):
    def colleague(email, department, country, state=None, invited=False):
        user = None
        if state:
            user = UserFactory(email=email, username=email)
            if state == "finished":
                finish(user, guide)
            elif state == "started":
                TickFactory(user=user, item=guide.items.first())
        return ColleagueFactory(
            email=email,
            department=department,
            country=country,
            user=user,
            invited_at="2026-11-30T10:00Z" if invited else None,
        )

    colleague("a@example.com", "Sales", "DE", "finished", invited=True)
    colleague("b@example.com", "Sales", "DE", "started", invited=True)
    colleague("c@example.com", "Sales", "FR", invited=True)
    colleague("d@example.com", "Research", "FR", "finished")
    colleague("e@example.com", "Research", "GB", "signed in")
    colleague("f@example.com", "", "")
    ColleagueFactory(email="left@example.com", active=False)


def test_company_figures_count_the_active_staff_list(guide, company):
    figures = adoption.company_figures(guide)
    total = figures.total
    assert (total.headcount, total.invited, total.signed_in, total.started, total.finished) == (
        6,
        3,
        4,
        3,
        2,
    )
    assert total.finished_percent == 33


def test_departments_and_countries_add_up_to_the_totals(guide, company):
    figures = adoption.company_figures(guide)
    for groups in (figures.departments, figures.countries):
        for field in ("headcount", "invited", "signed_in", "started", "finished"):
            assert sum(getattr(g, field) for g in groups) == getattr(figures.total, field)
    assert [g.name for g in figures.departments] == ["Research", "Sales", "No department"]
    # 1 of 2 finished in each, then by name; Britain's one colleague has not finished.
    assert [g.name for g in figures.countries] == [
        "France (FR)",
        "Germany (DE)",
        "United Kingdom (GB)",
        "No country",
    ]


def test_without_a_staff_list_the_dashboard_counts_accounts_and_says_so(client, guide):
    client.force_login(ChampionFactory())
    page = client.get("/dashboard/").content.decode()
    assert "import the staff list" in page
    assert 'data-figure="headcount"' not in page


def test_the_dashboard_shows_the_company_and_its_tables(client, guide, company):
    client.force_login(ChampionFactory())
    page = client.get("/dashboard/").content.decode()
    assert '<dd data-figure="headcount">6</dd>' in page
    assert 'data-groups="departments"' in page and 'data-groups="countries"' in page
    rows = list(csv.reader(io.StringIO(b"".join(client.get("/dashboard/departments.csv")
                                                  .streaming_content).decode())))  # fmt: skip
    assert rows[0][0] == "department" and rows[-1][:2] == ["Whole company", "6"]
    assert client.get("/dashboard/nonsense.csv").status_code == 404


@pytest.mark.parametrize("size", [10, 200])
def test_the_dashboard_queries_do_not_grow_with_the_company(
    client, guide, django_assert_num_queries, size
):
    for n in range(size):
        ColleagueFactory(email=f"p{n}@example.com", department=f"D{n % 7}", country="DE")
    client.force_login(ChampionFactory())
    client.get("/dashboard/")  # warm: permissions, session, the guide in memory
    # session, user, permissions (user, group), items, members per week, per item, the
    # required count and the staff list's one grouped pass, the campaigns
    with django_assert_num_queries(10):
        client.get("/dashboard/")


def test_every_csv_cell_that_could_start_a_formula_is_neutralised(client, guide, tmp_path):
    evil = "=1+2"
    staff = tmp_path / "staff.csv"
    staff.write_text(f"email,name,department,country\nm@example.com,x,{evil},DE\n")
    call_command("import_directory", staff)
    UserFactory(email="@evil@example.com", username="@evil@example.com", first_name="+1")
    for start in ("-2", "\tx", "\rx"):
        UserFactory(first_name=start)
    client.force_login(ChampionFactory())
    for path in ["/dashboard/departments.csv", "/dashboard/members.csv"]:
        body = b"".join(client.get(path).streaming_content).decode()
        for row in csv.reader(io.StringIO(body)):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path, cell)
    assert (
        f"'{evil}" in b"".join(client.get("/dashboard/departments.csv").streaming_content).decode()
    )


def test_growth_is_cumulative_per_week_and_drawn_with_labelled_axes(client, guide, company):
    figures = adoption.company_figures(guide)
    ((week, count, percent),) = figures.weeks  # both finished this week
    assert (count, percent) == (2, 33)
    client.force_login(ChampionFactory())
    page = client.get("/dashboard/").content.decode()
    growth = page[page.index('id="growth-heading"') : page.index('id="departments-heading"')]
    assert growth.count('<svg class="bar-chart') == 2  # wide, and narrow for phones
    assert ">100 %</text>" in growth and ">0 %</text>" in growth  # the axis
    assert ">33 %</text>" in growth  # the value on the bar
    completions = page[page.index('id="weeks-heading"') :]
    # The completions chart like it: an axis up to a round number, the value on the bar.
    assert ">0</text>" in completions and ">2</text>" in completions
    rows = b"".join(client.get("/dashboard/weeks.csv").streaming_content).decode().splitlines()
    assert rows[1] == f"{week.isoformat()},2,33"
