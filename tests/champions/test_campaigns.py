"""Campaigns: each colleague's status against the due date, the same counts everywhere,
mail on the calendar (once each), joiners enrolled, managers seeing only their team."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from champions import campaigns, schedule, teams
from champions.models import Campaign, Mail, Membership
from directory.models import Colleague
from guide import progress
from guide.models import ChecklistItem, Tick
from tests.factories import (
    ChampionFactory,
    ChecklistItemFactory,
    ColleagueFactory,
    GuideFactory,
    TickFactory,
    UserFactory,
)

TODAY = timezone.localdate()


def finish(user, guide, when=None):
    from guide import summaries

    for item in guide.items.filter(optional=False):
        Tick.objects.update_or_create(
            user=user, item=item, defaults={"state": "done", "updated_at": when or timezone.now()}
        )
    summaries.summarise(guide, [user.pk])


@pytest.fixture
def company(guide):
    """A small company: Sales in DE and Research in GB, colleagues in every state."""
    people = {}

    def person(name, department, country, manager="", state="none"):
        user = None
        if state != "none":
            user = UserFactory(email=f"{name}@example.com")
            if state == "started":
                TickFactory(user=user, item=guide.items.get(slug="ai-training"))
            elif state == "finished":
                finish(user, guide)
            elif state == "stale":
                finish(user, guide, when=timezone.now() - datetime.timedelta(days=3))
                item = guide.items.get(slug="ai-training")
                item.revised = timezone.now() - datetime.timedelta(days=1)
                item.save()
            from guide import summaries

            summaries.summarise(guide)
        people[name] = ColleagueFactory(
            email=f"{name}@example.com",
            name=name.title(),
            department=department,
            country=country,
            manager=manager,
            user=user,
        )

    person("boss", "Board", "DE")
    person("vera", "Sales", "DE", manager="boss@example.com", state="finished")
    person("sam", "Sales", "DE", manager="vera@example.com", state="started")
    person("tina", "Sales", "DE", manager="sam@example.com")
    person("uwe", "Sales", "DE", manager="sam@example.com", state="stale")
    person("rita", "Research", "GB", manager="boss@example.com", state="finished")
    person("otto", "Research", "GB", manager="rita@example.com")
    person("gone", "Sales", "DE", manager="sam@example.com")
    Colleague.objects.filter(email="gone@example.com").update(active=False)
    return people


def counts_of(figures):
    return {status: figures.count(status) for status in campaigns.STATUSES}


def test_each_status_on_each_side_of_the_due_date(guide, company):
    ahead = campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=7))
    found = campaigns.figures(ahead)
    # boss, tina, otto not started; sam started; uwe's tick needs a re-check: in progress
    assert counts_of(found.total) == {
        "not_started": 3, "in_progress": 2, "finished": 2, "overdue": 0
    }  # fmt: skip
    assert found.total.people == 7  # the leaver is not counted
    past = campaigns.create(
        "Q3",
        guide,
        due_on=TODAY - datetime.timedelta(days=1),
        starts_on=TODAY - datetime.timedelta(days=30),
    )
    assert counts_of(campaigns.figures(past).total) == {
        "not_started": 0, "in_progress": 0, "finished": 2, "overdue": 5
    }  # fmt: skip
    on_the_day = campaigns.create("Today", guide, due_on=TODAY)
    assert campaigns.figures(on_the_day).total.count("overdue") == 0  # due today: not yet


def test_without_required_items_nobody_finishes(db):
    guide = GuideFactory()
    ChecklistItemFactory(guide=guide, optional=True)
    user = UserFactory(email="nia@example.com")
    TickFactory(user=user, item=guide.items.get())
    ColleagueFactory(email="nia@example.com", user=user)
    campaign = campaigns.create("Optional only", guide, due_on=TODAY - datetime.timedelta(days=1),
                                starts_on=TODAY - datetime.timedelta(days=9))  # fmt: skip
    assert counts_of(campaigns.figures(campaign).total)["finished"] == 0
    assert counts_of(campaigns.figures(campaign).total)["overdue"] == 1


def test_the_python_and_the_database_agree_on_every_status(guide, company):
    for due in (TODAY + datetime.timedelta(days=3), TODAY - datetime.timedelta(days=3)):
        campaign = campaigns.create(
            f"due {due}", guide, due_on=due, starts_on=TODAY - datetime.timedelta(days=10)
        )
        required = progress.required_items(guide).count()
        items = list(ChecklistItem.objects.for_guide(guide))
        for colleague in campaigns.members(campaign).select_related("user"):
            states = (
                progress.states_of_user(colleague.user, items)
                if colleague.user
                else [progress.ItemState(item) for item in items]
            )
            expected = progress.status_of(progress.progress_of(states), due, TODAY)
            in_database = [
                status
                for status in campaigns.STATUSES
                if campaigns.with_status(
                    campaigns.with_progress(campaigns.members(campaign), guide).filter(
                        pk=colleague.pk
                    ),
                    campaign,
                    status,
                    required,
                ).exists()
            ]
            assert in_database == [expected], colleague.email


def test_dashboard_member_list_csv_and_team_page_agree(client, guide, company):
    campaign = campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=7))
    client.force_login(ChampionFactory())
    dashboard = client.get("/dashboard/").content.decode()
    section = dashboard[dashboard.index(f'data-campaign="{campaign.pk}"') :]
    on_dashboard = dict(re.findall(r'data-status-count="(\w+)">(\d+)<', section)[:4])
    for status, count in counts_of(campaigns.figures(campaign).total).items():
        assert on_dashboard[status] == str(count), status
        listed = client.get(f"/dashboard/members/?campaign={campaign.pk}&status={status}")
        assert listed.context["page"].paginator.count == count, status
        exported = (
            client.get(f"/dashboard/members.csv?campaign={campaign.pk}&status={status}")
            .getvalue()
            .decode()
        )
        rows = list(csv.reader(io.StringIO(exported)))[1:]
        assert len(rows) == count and all(row[5] == status for row in rows), status
    # The board's manager sees everyone below them, and not themselves.
    boss = UserFactory(email="boss@example.com")
    Colleague.objects.filter(email="boss@example.com").update(user=boss)
    client.force_login(boss)
    team = client.get("/team/").content.decode()
    on_team = dict(re.findall(r'data-status-count="(\w+)">(\d+)<', team)[:4])
    expected = counts_of(campaigns.figures(campaign).total)
    expected["not_started"] -= 1  # the manager
    assert on_team == {status: str(count) for status, count in expected.items()}


def sent_to(kind=None):
    """Addresses of the mails sent so far (of one kind, told by the subject)."""
    return sorted(m.to[0] for m in mail.outbox if kind is None or kind in m.subject)


def step(today):
    """The periodic step on `today`, sending in process."""
    schedule.run(today)
    from champions import tasks

    tasks.periodic_step(now=True)


def test_mail_goes_on_the_calendar_once_each_and_stops_when_finished(guide, company, settings):
    settings.SITE_URL = "https://optout.example.com"
    campaign = campaigns.create(
        "Q4", guide, due_on=TODAY + datetime.timedelta(days=1),
        starts_on=TODAY - datetime.timedelta(days=20),
    )  # fmt: skip
    step(TODAY)
    unfinished = ["boss@example.com", "otto@example.com", "sam@example.com",
                  "tina@example.com", "uwe@example.com"]  # fmt: skip
    assert sent_to("Two minutes") == unfinished  # invitations, at the start
    # and the digest (due in 4 days at the latest): managers above someone not finished
    assert sent_to("Your team") == ["boss@example.com", "rita@example.com", "sam@example.com",
                                    "vera@example.com"]  # fmt: skip
    sent = len(mail.outbox)
    step(TODAY)
    assert len(mail.outbox) == sent  # nothing twice
    finish(Colleague.objects.get(email="sam@example.com").user, guide)
    mail.outbox.clear()
    step(TODAY + datetime.timedelta(days=1))  # the due date: a reminder day
    assert sent_to("Reminder") == [a for a in unfinished if a != "sam@example.com"]
    mail.outbox.clear()
    step(TODAY + datetime.timedelta(days=3))  # two days late: the one overdue notice
    assert sent_to("Overdue") == [a for a in unfinished if a != "sam@example.com"]
    mail.outbox.clear()
    step(TODAY + datetime.timedelta(days=4))
    assert sent_to("Overdue") == []  # once
    counts = Mail.objects.filter(campaign=campaign).values_list("kind", flat=True)
    assert sorted(set(counts)) == ["digest", "invitation", "overdue", "reminder"]


def test_a_joiner_imported_during_a_campaign_is_invited_and_a_leaver_drops_out(
    guide, company, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://optout.example.com"
    campaign = campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=14),
                                departments=["Sales"])  # fmt: skip
    step(TODAY)
    mail.outbox.clear()
    staying = Colleague.objects.filter(active=True).exclude(email="tina@example.com")
    rows = [f"{c.email},{c.name},{c.department},{c.country},{c.manager}" for c in staying]
    staff = tmp_path / "staff.csv"
    staff.write_text("email,name,department,country,manager\n" + "\n".join(
        [*rows, "nils@example.com,Nils,Sales,DE,sam@example.com"]) + "\n")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # the import tells after commit
        call_command("import_directory", staff)
    assert Membership.objects.filter(
        campaign=campaign, colleague__email="nils@example.com"
    ).exists()
    step(TODAY)
    assert sent_to() == ["nils@example.com"]
    members = campaigns.members(campaign).values_list("email", flat=True)
    assert "tina@example.com" not in members  # left: out of the figures


def test_a_manager_three_levels_up_sees_everyone_below_and_nobody_else(guide, company):
    boss_team = sorted(teams.team_of("boss@example.com").values_list("email", flat=True))
    assert boss_team == ["otto@example.com", "rita@example.com", "sam@example.com",
                         "tina@example.com", "uwe@example.com", "vera@example.com"]  # fmt: skip
    assert sorted(teams.team_of("sam@example.com").values_list("email", flat=True)) == [
        "tina@example.com", "uwe@example.com"
    ]  # fmt: skip
    Colleague.objects.filter(email="boss@example.com").update(manager="tina@example.com")
    assert "boss@example.com" not in teams.team_of("boss@example.com").values_list(
        "email", flat=True
    )  # a cycle in the staff list ends the walk, and never makes you your own report


def team_page_of(client, email):
    colleague = Colleague.objects.get(email=email)
    user = colleague.user or UserFactory(username=email, email=email)
    Colleague.objects.filter(email=email).update(user=user)
    client.force_login(user)
    return client.get("/team/").content.decode()


def test_a_small_team_shows_no_figures_and_a_colleague_no_team(client, guide, company):
    campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=7))
    page = team_page_of(client, "rita@example.com")  # one report: otto
    assert "teams of 5 or more" in page and "data-status-count" not in page
    assert scan_for_people(page, company, "rita@example.com") == []  # not even Otto
    page = team_page_of(client, "otto@example.com")
    assert "Nobody on the staff list has you as their manager" in page


def scan_for_people(text, company, manager):
    """Names and addresses of the manager's team found in `text` as words of their own:
    the random characters of a signed link or a CSRF token can spell "Sam"."""
    team = teams.team_of(manager).values_list("email", "name")
    return [
        part
        for email, name in team
        for part in (email, name)
        if re.search(rf"(?<![\w./-]){re.escape(part)}(?![\w-])", text)
    ]


def test_with_names_off_nothing_a_manager_gets_names_anyone(client, guide, company, settings):
    settings.SITE_URL = "https://optout.example.com"
    settings.MANAGERS_SEE_NAMES = False
    campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=3),
                     starts_on=TODAY - datetime.timedelta(days=10))  # fmt: skip
    step(TODAY)  # the digest day (3 days before) has come
    digests = [m for m in mail.outbox if m.to == ["boss@example.com"] and "team" in m.subject]
    assert len(digests) == 1
    body = digests[0].body + digests[0].alternatives[0][0]
    assert scan_for_people(body, company, "boss@example.com") == []
    assert "Not started: " in body  # the counts
    page = team_page_of(client, "boss@example.com")
    assert scan_for_people(page, company, "boss@example.com") == []


def test_with_names_on_managers_see_who_has_not_finished(client, guide, company, settings):
    settings.MANAGERS_SEE_NAMES = True
    campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=3))
    page = team_page_of(client, "boss@example.com")
    for name in ("Tina", "Otto", "Sam", "Uwe"):
        assert f"<li>{name}</li>" in page
    assert "<li>Vera</li>" not in page  # finished


def test_an_opted_out_colleague_gets_no_campaign_mail(guide, company, settings):
    Colleague.objects.filter(email="tina@example.com").update(opted_out=True)
    campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=7))
    step(TODAY)
    assert "tina@example.com" not in sent_to()


def test_download_my_data_holds_campaigns_and_mails_and_deleting_removes_them(
    client, guide, company, settings
):
    campaign = campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=7))
    step(TODAY)
    sam = Colleague.objects.get(email="sam@example.com")
    client.force_login(sam.user)
    data = client.get("/accounts/export/").json()
    (membership,) = data["campaigns"]
    assert (membership["campaign"], membership["due_on"]) == ("Q4", campaign.due_on.isoformat())
    assert [m["kind"] for m in data["mails_sent"]] == ["invitation"]
    client.post("/accounts/delete/", {"confirmation": "delete"})
    assert not Membership.objects.filter(colleague__email="sam@example.com").exists()
    assert not Mail.objects.filter(colleague__email="sam@example.com").exists()


def test_create_campaign_command_and_dry_run(guide, company, capsys):
    call_command("create_campaign", "Sales Q4", "--due", "2099-01-31", "--department", "Sales")
    campaign = Campaign.objects.get()
    assert campaign.departments == ["Sales"]
    assert campaigns.members(campaign).count() == 4  # vera, sam, tina, uwe (gone left)
    call_command("send_campaign_mail", "--dry-run")
    assert "Sales Q4: due 2099-01-31" in capsys.readouterr().out
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("create_campaign", "X", "--due", "soon")
    with pytest.raises(CommandError, match="department 'Nope'"):
        call_command("create_campaign", "X", "--due", "2099-01-31", "--department", "Nope")


def test_champion_starts_a_campaign_and_changes_its_calendar(client, guide, company):
    client.force_login(ChampionFactory(permissions=["view_dashboard", "add_campaign",
                                                    "change_campaign"]))  # fmt: skip
    page = client.get("/dashboard/campaigns/new/").content.decode()
    assert 'value="Research"' in page and 'value="GB"' in page
    due = (TODAY + datetime.timedelta(days=28)).isoformat()
    response = client.post("/dashboard/campaigns/new/", {
        "name": "Research", "starts_on": TODAY.isoformat(), "due_on": due,
        "departments": ["Research"],
    })  # fmt: skip
    campaign = Campaign.objects.get()
    assert response["Location"] == f"/dashboard/campaigns/{campaign.pk}/"
    assert campaign.reminder_days == [-21, -14, -7, -3, -1, 0]  # weekly, then rising
    assert sorted(m.to[0] for m in mail.outbox) == ["otto@example.com"]  # rita finished
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "1 sent, 0 waiting to be sent, 0 failed" in page
    bad = client.post(f"/dashboard/campaigns/{campaign.pk}/schedule/", {
        "reminder_days": "-7, soon", "overdue_days": "2", "digest_days": "-3"})  # fmt: skip
    assert bad.status_code == 400 and "Write whole numbers of days" in bad.content.decode()
    client.post(f"/dashboard/campaigns/{campaign.pk}/schedule/", {
        "reminder_days": "-10, -2", "overdue_days": "1", "digest_days": ""})  # fmt: skip
    campaign.refresh_from_db()
    assert (campaign.reminder_days, campaign.overdue_days, campaign.digest_days) == (
        [-10, -2],
        [1],
        [],
    )


def test_campaign_pages_need_the_champions_permissions(client, guide, company):
    campaign = campaigns.create("Q4", guide, due_on=TODAY + datetime.timedelta(days=7))
    for path in ["/dashboard/campaigns/", campaign.get_absolute_url(), "/dashboard/campaigns/new/"]:
        assert client.get(path).status_code == 302  # to sign in
    client.force_login(UserFactory())
    for path in ["/dashboard/campaigns/", campaign.get_absolute_url(), "/dashboard/campaigns/new/"]:
        assert client.get(path).status_code == 403
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    assert client.get("/dashboard/campaigns/new/").status_code == 403  # viewing is not starting
    assert client.get("/dashboard/campaigns/999/").status_code == 404
    assert client.post(campaign.get_absolute_url()).status_code == 405
    assert client.get(f"/dashboard/campaigns/{campaign.pk}/nope.csv").status_code == 404
    table = client.get(f"/dashboard/campaigns/{campaign.pk}/departments.csv").getvalue().decode()
    assert table.splitlines()[0].startswith("department,people,not_started,% not_started")


def test_a_finisher_gets_a_dated_confirmation_on_screen_and_by_mail(client, guide, company):
    vera = Colleague.objects.get(email="vera@example.com").user
    client.force_login(vera)
    page = client.get("/checklist/confirmation/").content.decode()
    assert "you finished" in page and "data-confirmation" in page
    client.post("/checklist/confirmation/")
    (message,) = mail.outbox
    assert message.to == ["vera@example.com"] and "This confirms that on" in message.body
    sam = Colleague.objects.get(email="sam@example.com").user
    client.force_login(sam)
    assert "not finished yet" in client.get("/checklist/confirmation/").content.decode()
    assert client.post("/checklist/confirmation/").status_code == 400


def test_a_joiner_provisioned_by_scim_is_enrolled_and_invited(
    guide, company, settings, django_capture_on_commit_callbacks
):
    from directory.scim import tokens
    from tests.directory.test_scim import ENT, Scim, entra_user

    settings.SITE_URL = "https://optout.example.com"
    campaign = campaigns.create("Sales", guide, due_on=TODAY + datetime.timedelta(days=14),
                                departments=["Sales"])  # fmt: skip
    step(TODAY)
    mail.outbox.clear()
    _token, secret = tokens.create("Entra ID")
    with django_capture_on_commit_callbacks(execute=True):
        status, _ = Scim(secret)("POST", "/Users", entra_user(
            "jana@example.com", **{ENT: {"department": "Sales"}}
        ))  # fmt: skip
    assert status == 201
    assert Membership.objects.filter(
        campaign=campaign, colleague__email="jana@example.com"
    ).exists()
    step(TODAY)
    assert sent_to("Two minutes") == ["jana@example.com"]
