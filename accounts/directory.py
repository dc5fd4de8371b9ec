"""The company's staff list: read a CSV export, plan what an import changes, apply it.

Accepted: a plain `email,name,department,country` header, Entra ID's user export and
Google Workspace's; UTF-8 with or without a byte-order mark; commas or semicolons. Bad
rows are listed with their line number and reason and never stop the good ones. Nothing
is deleted: colleagues missing from a new list become inactive ("leaving").
"""

import csv
import functools
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django_countries import countries

# Column names as the exports spell them (compared without regard to case or spaces).
COLUMNS = {
    "email": [
        "email",
        "e-mail",
        "mail",
        "email address [required]",  # Google Workspace
        "user principal name",  # Entra ID
        "userprincipalname",
    ],
    "name": ["name", "display name", "displayname", "full name"],
    "first_name": ["first name", "first name [required]", "given name", "givenname"],
    "last_name": ["last name", "last name [required]", "surname"],
    "department": ["department", "department [optional]"],
    "country": [
        "country",
        "usage location",  # Entra ID: an ISO code
        "usagelocation",
        "country or region",
        "countryorregion",
        "work country",
        "address country [optional]",
    ],
    # Optional: the language invitations go in (a code such as de or de-CH).
    "language": ["language", "preferred language", "preferredlanguage", "locale"],
}
# Where both are present, the e-mail column wins over the user principal name.
EMAIL_PREFERENCE = ["email", "e-mail", "mail", "email address [required]"]


class DirectoryFileError(ValueError):
    """The file as a whole cannot be read (not a CSV, no e-mail column, not UTF-8)."""


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    name: str
    department: str
    country: str
    language: str | None = None  # None: the file has no language column


@dataclass
class Rejected:
    line: int
    reason: str


@dataclass
class Parsed:
    rows: list = field(default_factory=list)
    rejected: list = field(default_factory=list)


def normalise(header):
    return " ".join(header.strip().lower().replace("_", " ").split())


def find_columns(headers):
    """{our field: index in the file} for the headers of one export."""
    names = [normalise(h) for h in headers]
    found = {}
    for ours, theirs in COLUMNS.items():
        ordered = EMAIL_PREFERENCE + theirs if ours == "email" else theirs
        for candidate in ordered:
            if candidate in names:
                found[ours] = names.index(candidate)
                break
    if "email" not in found:
        raise DirectoryFileError(
            _(
                "No e-mail column: the first line must name the columns, one of them "
                "'email' (or an Entra ID or Google Workspace export's own)."
            )
        )
    return found


def country_code(value):
    """An ISO 3166 alpha-2 code from a code or a country's name; '' if none."""
    value = value.strip()
    if not value:
        return ""
    code = _known_country(value)
    if code:
        return code
    raise ValidationError(_("unknown country %(country)s") % {"country": repr(value)})


@functools.lru_cache(maxsize=1024)
def _known_country(value):
    """Remembered: a staff list names the same few countries 100,000 times. English or
    German names ("Germany", "Deutschland")."""
    if len(value) == 2 and value.upper() in _country_codes():
        return value.upper()
    return countries.by_name(value, language="en") or countries.by_name(value, language="de")


@functools.cache
def _country_codes():
    return {code for code, _name in countries}


def read(data):
    """Parse the bytes of an uploaded file into rows and rejected lines."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DirectoryFileError(_("The file is not UTF-8: save it as 'CSV UTF-8'.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise DirectoryFileError(_("The file is empty.")) from None
    columns = find_columns(headers)
    parsed = Parsed()
    seen = {}
    try:
        return _rows(reader, columns, parsed, seen)
    except csv.Error as error:
        raise DirectoryFileError(
            _("Line %(line)s cannot be read as CSV: %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None


def _rows(reader, columns, parsed, seen):
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not colleagues, and not errors either

        def cell(name, row=row):
            index = columns.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        email = cell("email").lower()
        try:
            validate_email(email)
        except ValidationError:
            if not email:
                reason = _("no e-mail address")
            else:
                reason = _("not an e-mail address: %(email)s") % {"email": repr(email)}
            parsed.rejected.append(Rejected(line, reason))
            continue
        if email in seen:
            reason = _("%(email)s is already on line %(line)s") % {
                "email": email,
                "line": seen[email],
            }
            parsed.rejected.append(Rejected(line, reason))
            continue
        try:
            country = country_code(cell("country"))
        except ValidationError as error:
            parsed.rejected.append(Rejected(line, error.messages[0]))
            continue
        name = cell("name") or " ".join(filter(None, [cell("first_name"), cell("last_name")]))
        seen[email] = line
        language = offered_language(cell("language")) if "language" in columns else None
        parsed.rows.append(
            Row(line, email, name[:200], cell("department")[:200], country, language)
        )
    return parsed


def offered_language(value):
    """The site's language for a directory's language cell ("de-CH", "de_DE", "en"); ""
    for one the site does not offer, whose colleagues get LANGUAGE_CODE."""
    from .language import is_offered

    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if is_offered(primary) else ""


# --- What an import changes, and doing it ------------------------------------------------


@dataclass
class Plan:
    new: list = field(default_factory=list)  # Rows
    changed: list = field(default_factory=list)  # (Colleague, Row)
    leaving: list = field(default_factory=list)  # Colleagues
    unchanged: int = 0
    rejected: list = field(default_factory=list)

    @property
    def summary(self):
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


def plan(parsed):
    """Compare the file with the directory as it is; change nothing."""
    from .models import Colleague

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


def stored(colleague):
    """What an import may change about a colleague, in the order `plan` compares it."""
    fields = (colleague.name, colleague.department, colleague.country, colleague.active)
    return (*fields, colleague.language)


def apply(result, now=None):
    """Carry out a plan in one transaction; matches new rows to proved accounts."""
    from django.db import transaction
    from django.utils import timezone

    from .models import Colleague

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
        match_all()
    recount_figures()


def recount_figures():
    """The dashboard counts the new staff list on its next visit, not a minute later."""
    from guide import adoption
    from guide.models import Guide

    guide = Guide.objects.current()
    if guide is not None:
        adoption.recount(guide)


def match_all():
    """Link every unlinked colleague to the account that proved their address."""
    from allauth.account.models import EmailAddress
    from django.db.models import Exists, OuterRef, Subquery
    from django.db.models.functions import Lower

    from .models import Colleague

    # An account already on another row (an address that changed) is left there.
    linked = Colleague.objects.filter(user=OuterRef("user"))
    # allauth keeps addresses in lower case; a row typed into the admin may not be.
    # Comparing with the row's address lowered keeps the index on the addresses usable
    # (iexact would scan every address for every row).
    proved = EmailAddress.objects.filter(email=Lower(OuterRef("email")), verified=True)
    proved = proved.filter(~Exists(linked))
    Colleague.objects.filter(user__isnull=True).update(user=Subquery(proved.values("user")[:1]))


def match(user):
    """After `user` proved an address: link them to their directory row, if any."""
    from .models import Colleague

    if user.email and not Colleague.objects.filter(user=user).exists():
        Colleague.objects.filter(email__iexact=user.email, user__isnull=True).update(user=user)


def may_sign_in(email):
    """Whether this address may sign in: anyone (in the allowed domains), or only the
    staff list's active colleagues when SIGN_IN_DIRECTORY_ONLY is on."""
    from django.conf import settings

    from .models import Colleague

    if not settings.SIGN_IN_DIRECTORY_ONLY:
        return True
    return Colleague.objects.filter(email__iexact=email, active=True).exists()
