"""A manager's team: everyone below them on the staff list, at any depth, in one query.

The staff list names each colleague's manager by e-mail. The team of a manager is found
by a recursive query that walks those links down; a cycle in the list (A manages B
manages A) ends the walk instead of looping, and never puts the manager in their own team.
"""

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from directory.models import Colleague

# UNION (not UNION ALL): an address already found adds nothing, so a cycle ends the walk.
TEAM_SQL = f"""
WITH RECURSIVE team(email) AS (
    SELECT email FROM {Colleague._meta.db_table} WHERE manager = %s AND active
    UNION
    SELECT c.email FROM {Colleague._meta.db_table} c JOIN team t ON c.manager = t.email
    WHERE c.active
)
SELECT email FROM team
"""  # noqa: S608 (the table name is the model's own; the address is a parameter)

# Below this many people, a team's figures would tell one person's progress apart.
SMALLEST_TEAM_SHOWN = 5


def team_of(manager_email: str) -> QuerySet[Colleague]:
    """The active colleagues below `manager_email`, at any depth."""
    manager_email = manager_email.strip().lower()
    below = RawSQL(TEAM_SQL, [manager_email])
    return Colleague.objects.filter(active=True, email__in=below).exclude(email=manager_email)


def manager_addresses(user) -> list[str]:
    """The addresses this account proved: the ones a staff list may name as a manager."""
    if not user.is_authenticated:
        return []
    return sorted(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def team_of_user(user) -> QuerySet[Colleague]:
    """The team of whoever is signed in, by any address they proved."""
    addresses = manager_addresses(user)
    if not addresses:
        return Colleague.objects.none()
    team = team_of(addresses[0])
    for address in addresses[1:]:
        team = team | team_of(address)
    return team.exclude(email__in=addresses)


def is_manager(user) -> bool:
    addresses = manager_addresses(user)
    return bool(addresses) and Colleague.objects.filter(manager__in=addresses, active=True).exists()
