"""What an import of the staff list changes, and doing it.

Nothing is deleted: colleagues missing from a new list become inactive ("leaving") and
keep their row and ticks until a champion deletes the row. Rows that SCIM provisioning
keeps are left as SCIM set them unless the champion chooses otherwise: the plan lists
what the file would change about them separately.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import managers, matching
from .models import Colleague
from .reading import Parsed, Rejected, Row, Warned
from .signals import staff_list_changed

# What SCIM wrote that stays when the file takes a row over: how the provider finds it.
SCIM_IDENTITY = ("userName", "externalId")


@dataclass
class Plan:
    new: list[Row] = field(default_factory=list)
    changed: list[tuple[Colleague, Row]] = field(default_factory=list)
    leaving: list[Colleague] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[Warned] = field(default_factory=list)
    # What the file would change about rows SCIM keeps: applied only when asked for.
    scim_changed: list[tuple[Colleague, Row]] = field(default_factory=list)
    scim_leaving: list[Colleague] = field(default_factory=list)

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

    @property
    def scim_conflicts(self) -> int:
        return len(self.scim_changed) + len(self.scim_leaving)


def plan(parsed: Parsed) -> Plan:
    """Compare the file with the staff list as it is; change nothing."""
    existing = {c.email.lower(): c for c in Colleague.objects.all()}
    rows = checked_managers(parsed, existing)
    result = Plan(rejected=parsed.rejected, warnings=parsed.warnings)
    in_file = set()
    for row in rows:
        in_file.add(row.email)
        colleague = existing.get(row.email)
        if colleague is None:
            result.new.append(row)
        elif not row.enabled:  # disabled in the export: leaving, whatever else changed
            if not colleague.active:
                result.unchanged += 1
            elif colleague.managed_by_scim:
                result.scim_leaving.append(colleague)
            else:
                result.leaving.append(colleague)
        elif stored(colleague) != wanted(colleague, row):
            target = result.scim_changed if colleague.managed_by_scim else result.changed
            target.append((colleague, row))
        else:
            result.unchanged += 1
    for email, colleague in existing.items():
        if colleague.active and email not in in_file:
            target = result.scim_leaving if colleague.managed_by_scim else result.leaving
            target.append(colleague)
    result.warnings.sort(key=lambda warned: warned.line)
    return result


def stored(colleague: Colleague) -> tuple:
    """What an import may change about a colleague, in the order `wanted` gives it."""
    return (
        colleague.name,
        colleague.department,
        colleague.country,
        colleague.active,
        colleague.language,
        colleague.manager,
        colleague.employee_number,
    )


def wanted(colleague: Colleague, row: Row) -> tuple:
    """What the row says; a column the file does not have keeps what is stored."""

    def kept(value, current):
        return current if value is None else value

    return (
        row.name,
        row.department,
        row.country,
        True,
        kept(row.language, colleague.language),
        kept(row.manager, colleague.manager),
        kept(row.employee_number, colleague.employee_number),
    )


def checked_managers(parsed: Parsed, existing: dict[str, Colleague]) -> list[Row]:
    """The rows, each manager that nobody on the list has, or that loops back to the row
    itself, left empty with a warning (the row stays in)."""
    kept = {e: c for e, c in existing.items() if c.managed_by_scim and c.active}
    known = {row.email for row in parsed.rows} | set(kept)
    edges = {email: c.manager for email, c in kept.items() if c.manager}
    edges.update({row.email: row.manager for row in parsed.rows if row.manager})
    looping = managers.in_loops(edges)
    rows = []
    for row in parsed.rows:
        reason = None
        if row.manager and row.manager not in known:
            reason = _("manager %(manager)s is not on the staff list: left empty")
        elif row.manager and row.email in looping:
            reason = _("manager %(manager)s leads back to this row in a loop: left empty")
        if reason:
            parsed.warnings.append(Warned(row.line, reason % {"manager": row.manager}))
            row = dataclasses.replace(row, manager="")
        rows.append(row)
    return rows


FIELDS = ["name", "department", "country", "active", "left_at", "language", "manager"]
FIELDS += ["employee_number", "source", "updated_at"]


def apply(
    result: Plan, now: datetime.datetime | None = None, *, overwrite_scim: bool = False
) -> None:
    """Carry out a plan in one transaction; matches new rows to proved accounts. Rows
    SCIM keeps change only with `overwrite_scim` (and are then the file's)."""
    now = now or timezone.now()
    changed = result.changed + (result.scim_changed if overwrite_scim else [])
    leaving = result.leaving + (result.scim_leaving if overwrite_scim else [])
    with transaction.atomic():
        Colleague.objects.bulk_create(
            [
                Colleague(
                    email=row.email,
                    name=row.name,
                    department=row.department,
                    country=row.country,
                    language=row.language or "",
                    manager=row.manager or "",
                    employee_number=row.employee_number or "",
                    active=row.enabled,
                    left_at=None if row.enabled else now,
                    first_imported=now,
                    updated_at=now,
                )
                for row in result.new
            ],
            batch_size=2000,
        )
        taken_over = []
        for colleague, row in changed:
            (
                colleague.name,
                colleague.department,
                colleague.country,
                colleague.active,
                colleague.language,
                colleague.manager,
                colleague.employee_number,
            ) = wanted(colleague, row)
            colleague.left_at = None
            colleague.updated_at = now
            if colleague.managed_by_scim:
                taken_over.append(colleague)
            colleague.source = Colleague.Source.CSV
        Colleague.objects.bulk_update(
            [colleague for colleague, _ in changed],
            FIELDS,
            batch_size=200,  # one CASE per field and row: larger batches grow quadratically
        )
        scim_leaving = [c for c in leaving if c.managed_by_scim]
        Colleague.objects.filter(pk__in=[c.pk for c in leaving]).update(
            active=False, left_at=now, updated_at=now, source=Colleague.Source.CSV
        )
        forget_scim(taken_over + scim_leaving)
        matching.match_all()
        transaction.on_commit(lambda: staff_list_changed.send(sender=Colleague))


def forget_scim(colleagues: list[Colleague]) -> None:
    """Rows the file took over from SCIM: what SCIM wrote no longer describes them, but
    the provider can still find them by its own name and id."""
    for colleague in colleagues:
        colleague.scim_attributes = {
            key: value for key, value in colleague.scim_attributes.items() if key in SCIM_IDENTITY
        }
        colleague.scim_deleted_at = None
    Colleague.objects.bulk_update(colleagues, ["scim_attributes", "scim_deleted_at"], 200)
