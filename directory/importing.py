"""What an import of the staff list changes, and doing it.

Nothing is deleted: colleagues missing from a new list become inactive ("leaving") and
keep their row and ticks until a champion deletes the row.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import matching
from .models import Colleague
from .reading import Parsed, Rejected, Row
from .signals import staff_list_changed


@dataclass
class Plan:
    new: list[Row] = field(default_factory=list)
    changed: list[tuple[Colleague, Row]] = field(default_factory=list)
    leaving: list[Colleague] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return _(
            "%(new)s new, %(changed)s changed, %(leaving)s leaving, "
            "%(unchanged)s unchanged, %(rejected)s rejected"
        ) % {
            "new": len(self.new),
            "changed": len(self.changed),
            "leaving": len(self.leaving),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


def plan(parsed: Parsed) -> Plan:
    """Compare the file with the staff list as it is; change nothing."""
    existing = {c.email.lower(): c for c in Colleague.objects.all()}
    result = Plan(rejected=parsed.rejected)
    in_file = set()
    for row in parsed.rows:
        in_file.add(row.email)
        colleague = existing.get(row.email)
        if colleague is None:
            result.new.append(row)
        elif stored(colleague) != (
            row.name,
            row.department,
            row.country,
            True,
            colleague.language if row.language is None else row.language,
        ):
            result.changed.append((colleague, row))
        else:
            result.unchanged += 1
    result.leaving = [c for email, c in existing.items() if c.active and email not in in_file]
    return result


def stored(colleague: Colleague) -> tuple:
    """What an import may change about a colleague, in the order `plan` compares it."""
    fields = (colleague.name, colleague.department, colleague.country, colleague.active)
    return (*fields, colleague.language)


def apply(result: Plan, now: datetime.datetime | None = None) -> None:
    """Carry out a plan in one transaction; matches new rows to proved accounts."""
    now = now or timezone.now()
    with transaction.atomic():
        Colleague.objects.bulk_create(
            [
                Colleague(
                    email=row.email,
                    name=row.name,
                    department=row.department,
                    country=row.country,
                    language=row.language or "",
                    first_imported=now,
                )
                for row in result.new
            ],
            batch_size=2000,
        )
        for colleague, row in result.changed:
            colleague.name, colleague.department, colleague.country = (
                row.name,
                row.department,
                row.country,
            )
            colleague.active, colleague.left_at = True, None
            if row.language is not None:
                colleague.language = row.language
        Colleague.objects.bulk_update(
            [colleague for colleague, _ in result.changed],
            ["name", "department", "country", "active", "left_at", "language"],
            batch_size=200,  # one CASE per field and row: larger batches grow quadratically
        )
        Colleague.objects.filter(pk__in=[c.pk for c in result.leaving]).update(
            active=False, left_at=now
        )
        matching.match_all()
    staff_list_changed.send(sender=Colleague)
