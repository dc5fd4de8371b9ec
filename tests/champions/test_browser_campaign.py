"""A campaign from start to finish, as people do it: a champion starts one for two
departments, the worker (a process of its own) sends the invitations through a real SMTP
server, a colleague follows hers and finishes, and her manager watches the team's figures
move. Every new page is checked with axe at phone and desktop width."""

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

from tests.servers import (
    deploy,
    free_port,
    gunicorn,
    manage,
    production_env,
    smtp_sink,
    worker,
)

pytestmark = [pytest.mark.browser, pytest.mark.server]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}

STAFF = """email,name,department,country,manager
mia@example.com,Mia Manager,Sales,DE,
ana@example.com,Ana,Sales,DE,mia@example.com
ben@example.com,Ben,Sales,DE,mia@example.com
cem@example.com,Cem,Sales,DE,ana@example.com
dora@example.com,Dora,Sales,DE,ana@example.com
eli@example.com,Eli,Sales,DE,mia@example.com
rob@example.com,Rob,Research,GB,
sue@example.com,Sue,Support,FR,
"""


def wait_for(found, seconds=30, every=0.3):
    deadline = time.monotonic() + seconds
    while not (result := found()):
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(every)
    return result


def mails_to(received, address):
    return [message for message in received if message["To"] == address]


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def sign_in(page, base, email, received):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Work e-mail").fill(email)
    page.get_by_role("button", name="E-mail me a sign-in link").click()
    message = wait_for(lambda: [m for m in mails_to(received, email) if "code" in body(m)])[-1]
    link = re.search(r"http://\S+/accounts/login/link/\S+/", body(message)).group(0)
    page.goto(link)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def look(page, check_accessibility, screenshot, name):
    for size, width in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(width)
        check_accessibility(page)
        screenshot(page, f"{name}-{size}")
    page.set_viewport_size(DESKTOP)


def team_counts(page):
    return {
        status: int(page.locator(f'[data-status-count="{status}"]').first.inner_text())
        for status in ("not_started", "in_progress", "finished", "overdue")
    }


def test_a_campaign_from_start_to_finish(browser, tmp_path, check_accessibility, screenshot):
    port = free_port()
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF)
    with smtp_sink() as (mail_env, received):
        env = production_env(
            f"sqlite:///{tmp_path / 'db.sqlite3'}",
            SITE_URL=f"http://127.0.0.1:{port}",
            DASHBOARD_SECONDS="1",
            **mail_env,
        )
        deploy(env)
        manage(env, "create_champion", "champ@example.com", "--admin")
        manage(env, "import_directory", str(staff))
        with gunicorn(env, port=port) as base, worker(env):
            champion = browser.new_context().new_page()
            sign_in(champion, base, "champ@example.com", received)
            champion.goto(base + "/dashboard/campaigns/new/")
            look(champion, check_accessibility, screenshot, "campaign-new")
            champion.get_by_label("Name").fill("Sales and Research, Q4")
            due = datetime.date.today() + datetime.timedelta(days=21)
            champion.get_by_label("Due on").fill(due.isoformat())
            champion.get_by_label("Sales").check()
            champion.get_by_label("Research").check()
            champion.get_by_role("button", name="Start the campaign").click()
            expect(champion.get_by_role("heading", level=1)).to_have_text("Sales and Research, Q4")
            audience = ["ana", "ben", "cem", "dora", "eli", "mia", "rob"]
            invited = wait_for(
                lambda: (
                    sorted(m["To"].split("@")[0] for m in received if "Two minutes" in m["Subject"])
                    if len([m for m in received if "Two minutes" in m["Subject"]]) >= 7
                    else None
                )
            )
            assert invited == audience  # Sue, in Support, is not in it
            champion.reload()
            look(champion, check_accessibility, screenshot, "campaign")

            manager = browser.new_context().new_page()
            sign_in(manager, base, "mia@example.com", received)
            manager.goto(base + "/team/")
            assert team_counts(manager)["finished"] == 0
            assert "Ana" not in manager.content()  # counts only: no names
            look(manager, check_accessibility, screenshot, "team")

            colleague = browser.new_context().new_page()
            (invitation,) = [m for m in mails_to(received, "ana@example.com")
                             if "Two minutes" in m["Subject"]]  # fmt: skip
            colleague.goto(re.search(r"http://\S+/accounts/invitation/\S+/", body(invitation))[0])
            colleague.get_by_role("button", name="Sign in and open my checklist").click()
            colleague.wait_for_url(base + "/checklist/")
            for item in colleague.locator("[data-item]").all():
                if (
                    item.get_attribute("data-state") == "todo"
                    and "optional" not in item.inner_text()
                ):
                    item.locator('button[name="state"][value="done"]').click()
                    colleague.wait_for_load_state()
            expect(colleague.locator("[data-progress]")).to_have_text(re.compile(r"(\d+) of \1"))
            colleague.goto(base + "/checklist/confirmation/")
            look(colleague, check_accessibility, screenshot, "confirmation")

            manager.reload()
            assert team_counts(manager)["finished"] == 1  # the figures moved
            champion.goto(base + "/dashboard/")
            wait_for(lambda: champion.reload() or champion.locator("[data-status-count]").count())
            look(champion, check_accessibility, screenshot, "dashboard-campaigns")
            champion.goto(base + "/dashboard/members/?status=not_started")
            look(champion, check_accessibility, screenshot, "staff-list")
