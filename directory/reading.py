"""Reading the company's staff list from a CSV export into rows and rejected lines.

Accepted: a plain `email,name,department,country` header, Entra ID's user export and
Google Workspace's; UTF-8 with or without a byte-order mark; commas or semicolons. Bad
rows are listed with their line number and reason and never stop the good ones. Nothing
is deleted: colleagues missing from a new list become inactive ("leaving").
"""

import csv
import functools
import io
from dataclasses import dataclass, field

from django.conf import settings
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
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


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
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in dict(settings.LANGUAGES) else ""
