"""The outbox: every mail is a row of `Mail` before it is a message, and the worker sends
the rows.

- Queueing is idempotent: a mail is keyed by (campaign, recipient, kind, occasion), and
  inserting it again — two periodic steps at once, a rerun after a crash — adds nothing.
- Sending claims rows first (one UPDATE marks them with this sender's token), so two
  senders never send the same row; each row is marked sent right after the SMTP server
  took it, over one connection per batch.
- A temporary SMTP failure puts the row back in the queue, to be tried again later
  (RETRY_MINUTES); after MOST_ATTEMPTS, or on a permanent refusal, it is marked failed.
- A sender that died (kill -9) leaves claimed rows behind: after `reclaim_after` they are
  queued again. The one row that was on the wire at that moment may then go twice; every
  other row goes exactly once.
- MAIL_PER_MINUTE caps the rate: batches are spread over time, and a batch paces itself.
"""

import contextlib
import datetime
import logging
import secrets
import smtplib
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import mailers
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from .models import Mail

log = logging.getLogger(__name__)

BATCH = 200
MOST_ATTEMPTS = 5
RETRY_MINUTES = [1, 5, 15, 60]
# A row handed to the worker is not handed again for this long (the task may be waiting).
LEASE = datetime.timedelta(minutes=10)
RECLAIM_AFTER = datetime.timedelta(minutes=15)


def queue(mails: Iterable[Mail]) -> int:
    """Insert rows for these mails, skipping any already queued or sent; how many were
    offered."""
    mails = list(mails)
    Mail.objects.bulk_create(mails, batch_size=2000, ignore_conflicts=True)
    return len(mails)


def ready(now: datetime.datetime | None = None) -> QuerySet[Mail]:
    now = now or timezone.now()
    return Mail.objects.filter(status=Mail.Status.QUEUED, not_before__lte=now)


def reclaim_stale(after: datetime.timedelta = RECLAIM_AFTER) -> int:
    """Rows a sender claimed and never finished (it died) go back to the queue."""
    cutoff = timezone.now() - after
    return Mail.objects.filter(status=Mail.Status.SENDING, claimed_at__lte=cutoff).update(
        status=Mail.Status.QUEUED, claim="", not_before=timezone.now()
    )


def hand_to_worker(enqueue: Callable[[list[int], datetime.datetime | None], None]) -> int:
    """Every ready row, in batches, to `enqueue(ids, run_after)`; the rows are leased so
    that the next periodic step does not hand them again while the tasks wait."""
    now = timezone.now()
    ids = list(ready(now).order_by("pk").values_list("pk", flat=True))
    seconds_per_batch = 60 * BATCH / settings.MAIL_PER_MINUTE if settings.MAIL_PER_MINUTE else 0
    for number, start in enumerate(range(0, len(ids), BATCH)):
        batch = ids[start : start + BATCH]
        lease = now + LEASE + datetime.timedelta(seconds=number * seconds_per_batch)
        Mail.objects.filter(pk__in=batch, status=Mail.Status.QUEUED).update(not_before=lease)
        run_after = now + datetime.timedelta(seconds=number * seconds_per_batch)
        enqueue(batch, run_after if number and seconds_per_batch else None)
    return len(ids)


def claim(ids: list[int]) -> str:
    """Take the still-queued rows among `ids` for this sender; its claim token."""
    token = secrets.token_hex(16)
    Mail.objects.filter(pk__in=ids, status=Mail.Status.QUEUED).update(
        status=Mail.Status.SENDING, claim=token, claimed_at=timezone.now()
    )
    return token


def send_claimed(
    token: str, build: Callable[[Mail], object], prepare: Callable[[list[Mail]], None]
) -> dict[str, int]:
    """Send the rows this token claimed over one SMTP connection; counts by outcome.
    `prepare(rows)` runs first, once for the batch; `build(row)` makes each message."""
    rows = list(
        Mail.objects.filter(claim=token, status=Mail.Status.SENDING)
        .select_related("campaign__guide", "colleague__user", "user__colleague")
        .order_by("pk")
    )
    done = {"sent": 0, "failed": 0, "retry": 0}
    if not rows:
        return done
    prepare(rows)
    pause = 60 / settings.MAIL_PER_MINUTE if settings.MAIL_PER_MINUTE else 0
    connection = mailers.default
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        for row in rows:
            done[retry_later(row, error)] += 1
        return done
    try:
        for index, row in enumerate(rows):
            if index and pause:
                time.sleep(pause)
            outcome = deliver(row, build, connection)
            done[outcome] += 1
            if outcome == "retry":  # the server is in trouble: the rest waits too
                for rest in rows[index + 1 :]:
                    done[retry_later(rest, None)] += 1
                break
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    return done


def deliver(row: Mail, build: Callable[[Mail], object], connection) -> str:
    try:
        message = build(row)
        if message is None:  # nothing to say any more (finished, left, opted out)
            Mail.objects.filter(pk=row.pk).update(
                status=Mail.Status.FAILED, error="not needed any more", claim=""
            )
            return "failed"
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        return fail(row, error)
    except smtplib.SMTPResponseException as error:
        if 400 <= error.smtp_code < 500:
            return retry_later(row, error)
        return fail(row, error)
    except (OSError, smtplib.SMTPException) as error:
        return retry_later(row, error)
    Mail.objects.filter(pk=row.pk).update(
        status=Mail.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, claim=""
    )
    return "sent"


def fail(row: Mail, error: Exception) -> str:
    log.warning("Mail %s refused for good: %s", row.pk, error)
    Mail.objects.filter(pk=row.pk).update(
        status=Mail.Status.FAILED, error=str(error)[:300], attempts=F("attempts") + 1, claim=""
    )
    return "failed"


def retry_later(row: Mail, error: Exception | None) -> str:
    attempts = row.attempts + (1 if error is not None else 0)
    if attempts >= MOST_ATTEMPTS:
        return fail(row, error or RuntimeError("too many attempts"))
    wait = RETRY_MINUTES[min(attempts, len(RETRY_MINUTES) - 1)]
    Mail.objects.filter(pk=row.pk).update(
        status=Mail.Status.QUEUED,
        claim="",
        attempts=attempts,
        error=str(error or "")[:300],
        not_before=timezone.now() + datetime.timedelta(minutes=wait),
    )
    return "retry"


def progress_of(mails: QuerySet[Mail]) -> dict[str, int]:
    """Sent, queued (or being sent) and failed, for a champion's page."""
    counts = {"sent": 0, "queued": 0, "failed": 0}
    for row in mails.order_by().values("status").annotate(number=Count("pk")):
        status = row["status"]
        counts["queued" if status in ("queued", "sending") else status] += row["number"]
    return counts
