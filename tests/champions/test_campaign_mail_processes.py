"""The periodic step as operators run it: real processes on one SQLite database, a real
SMTP server (aiosmtpd), and the real worker. Each colleague gets each scheduled mail
exactly once, whether two steps run at once or one was killed halfway."""

import asyncio
import collections
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading

import pytest
from aiosmtpd.controller import Controller

from tests.servers import (
    ROOT,
    deploy,
    free_port,
    manage,
    production_env,
    python_in_app,
    smtp_sink,
)

pytestmark = pytest.mark.server

COLLEAGUES = 60

MAKE_CAMPAIGN = f"""
import datetime, json
from django.utils import timezone
from champions import campaigns
from directory.models import Colleague
from guide.page_cache import current_guide
Colleague.objects.bulk_create(
    Colleague(email=f"c{{n}}@example.com", department="Sales", country="DE")
    for n in range({COLLEAGUES})
)
today = timezone.localdate()
campaign = campaigns.create(
    "Q4", current_guide(), due_on=today + datetime.timedelta(days=1),
    starts_on=today - datetime.timedelta(days=20),
)
print(json.dumps(campaign.pk))
"""


@pytest.fixture
def site(tmp_path):
    """A deployed site with a campaign for sixty colleagues, and an SMTP server."""
    with smtp_sink() as (mail_env, received):
        env = production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", **mail_env)
        deploy(env)
        python_in_app(env, MAKE_CAMPAIGN)
        yield env, received


def step(env, *extra):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "send_campaign_mail", *extra],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def invitations_by_address(received):
    subjects = [(m["To"], m["Subject"]) for m in received]
    return collections.Counter(to for to, subject in subjects if "Two minutes" in subject)


def test_two_steps_at_once_send_each_invitation_once(site):
    env, received = site
    first, second = step(env, "--now"), step(env, "--now")
    for process in (first, second):
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output
    sent = invitations_by_address(received)
    assert len(sent) == COLLEAGUES and set(sent.values()) == {1}


def test_after_a_step_killed_halfway_the_next_sends_the_rest_once(site, tmp_path):
    env, received = site
    # The SMTP server answers slowly from the 20th recipient on: the step is killed while
    # it waits there, before that mail was handed over.
    stalled = threading.Event()

    class Slow:
        def __init__(self):
            self.count = 0

        async def handle_RCPT(self, server, session, envelope, address, options):
            self.count += 1
            if self.count >= 20:
                stalled.set()
                await asyncio.sleep(30)
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    port = free_port()
    slow = Controller(Slow(), hostname="127.0.0.1", port=port)
    slow.start()
    try:
        killed = step(env | {"EMAIL_PORT": str(port)}, "--now")
        assert stalled.wait(60), killed.communicate()[0]
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
    finally:
        slow.stop()
    before = invitations_by_address(received)
    assert 0 < len(before) < COLLEAGUES
    # The dead step left one batch claimed: the next step takes it back and sends the rest.
    result = manage(env, "send_campaign_mail", "--now", "--reclaim-after", "0")
    assert "Queued" in result.stdout
    sent = invitations_by_address(received)
    assert len(sent) == COLLEAGUES and set(sent.values()) == {1}
    again = manage(env, "send_campaign_mail", "--now", "--reclaim-after", "0")
    assert "nothing new" in again.stdout
    assert invitations_by_address(received) == sent


def test_the_worker_process_sends_what_the_step_queued(site):
    env, received = site
    manage(env, "send_campaign_mail")  # queued, and handed to the worker: nothing sent yet
    assert received == []
    worker = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "worker", "--batch"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    sent = invitations_by_address(received)
    assert len(sent) == COLLEAGUES and set(sent.values()) == {1}
