"""Reading the company's staff list from a CSV export into rows, warnings and rejected
lines.

Accepted: a plain `email,name,department,country,manager` header, Entra ID's "Download
users" export, Google Workspace's, and the usual column names of HR systems, in English
or German; UTF-8 with or without a byte-order mark; commas or semicolons. Nobody is lost
to spelling: a country, language or manager that cannot be read leaves that field empty
and the row in, with a warning. Only a row without any usable e-mail address (or a second
row for the same address) is rejected, with its line number and reason.
"""

import csv
import functools
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from . import countries

# Column names as the exports spell them, compared after `normalise` (lower case, "_" as
# a space). The first one a file has wins.
COLUMNS = {
    "email": [
        "email",
        "e-mail",
        "mail",
        "email address",
        "email address [required]",  # Google Workspace
        "primary email",
        "work email",
        "e-mail-adresse",
        "e-mail adresse",
        "email-adresse",
        "e-mail (geschäftlich)",
        "geschäftliche e-mail",
        "dienstliche e-mail",
    ],
    # Entra ID: the sign-in name, an address too, used where `mail` is empty.
    "upn": ["userprincipalname", "user principal name", "upn"],
    "name": ["name", "display name", "displayname", "full name", "anzeigename"],
    "first_name": [
        "first name",
        "first name [required]",
        "given name",
        "givenname",
        "firstname",
        "vorname",
    ],
    "last_name": [
        "last name",
        "last name [required]",
        "surname",
        "family name",
        "familyname",
        "lastname",
        "nachname",
        "familienname",
    ],
    "department": [
        "department",
        "department [optional]",
        "abteilung",
        "bereich",
        "organisationseinheit",
    ],
    # Free text as people type it ("United States", "Deutschland", "UK").
    "country": [
        "country",
        "country or region",
        "countryorregion",
        "country/region",
        "work country",
        "address country [optional]",
        "land",
    ],
    # Entra ID: an ISO code, used where the free-text country cannot be read.
    "usage_location": ["usagelocation", "usage location"],
    # Optional: the language invitations go in (a code such as de or de-CH).
    "language": [
        "language",
        "preferred language",
        "preferredlanguage",
        "locale",
        "sprache",
        "bevorzugte sprache",
    ],
    # The manager's e-mail address (Google Workspace: "Manager Email"; exports of Entra
    # ID through Graph: the manager's mail or userPrincipalName).
    "manager": [
        "manager",
        "manager email",
        "manageremail",
        "manager e-mail",
        "manager mail",
        "managermail",
        "manager.mail",
        "manager userprincipalname",
        "manager.userprincipalname",
        "manager upn",
        "vorgesetzte",
        "vorgesetzter",
        "vorgesetzte(r)",
        "e-mail vorgesetzte(r)",
        "e-mail vorgesetzter",
        "führungskraft",
        "e-mail führungskraft",
    ],
    "employee_number": [
        "employee id",
        "employeeid",
        "employee number",
        "employeenumber",
        "personalnummer",
        "personalnr",
        "personalnr.",
        "mitarbeiternummer",
    ],
    # Whether the account is on: Entra ID's accountEnabled, Google's status.
    "enabled": ["accountenabled", "account enabled"],
    "status": ["status [read only]", "status"],
}
DISABLED = {"false", "no", "0", "nein", "falsch"}
SUSPENDED = {"suspended", "gesperrt", "inactive", "inaktiv", "disabled", "deaktiviert"}


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
    manager: str | None = None  # None: the file has no manager column
    employee_number: str | None = None  # None: the file has no such column
    enabled: bool = True  # False: the export says the account is disabled


@dataclass
class Rejected:
    line: int
    reason: str


@dataclass
class Warned:
    """A row that is taken, with a field left empty (or as the file's other column
    gave it), and why."""

    line: int
    reason: str


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[Warned] = field(default_factory=list)


def normalise(header):
    return " ".join(header.strip().lower().replace("_", " ").split())


def find_columns(headers):
    """{our field: index in the file} for the headers of one export."""
    names = [normalise(h) for h in headers]
    found = {}
    for ours, theirs in COLUMNS.items():
        for candidate in theirs:
            if candidate in names:
                found[ours] = names.index(candidate)
                break
    if "email" not in found and "upn" not in found:
        raise DirectoryFileError(
            _(
                "No e-mail column: the first line must name the columns, one of them "
                "'email' (or an Entra ID or Google Workspace export's own)."
            )
        )
    # German HR exports: "Vorname;Name" is a first name and a surname.
    surname = "first_name" in found and "last_name" not in found and "name" in found
    if surname and names[found["name"]] == "name":
        found["last_name"] = found.pop("name")
    return found


def read(data):
    """Parse the bytes of an uploaded file into rows, warnings and rejected lines."""
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
    try:
        return _rows(reader, columns)
    except csv.Error as error:
        raise DirectoryFileError(
            _("Line %(line)s cannot be read as CSV: %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None


def _rows(reader, columns):
    parsed = Parsed()
    seen = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not colleagues, and not errors either

        def cell(name, row=row):
            index = columns.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        def warn(reason, line=line):
            parsed.warnings.append(Warned(line, reason))

        email, reason = address(cell("email"), cell("upn"), warn)
        if reason:
            parsed.rejected.append(Rejected(line, reason))
            continue
        if email in seen:
            reason = _("%(email)s is already on line %(line)s") % {
                "email": email,
                "line": seen[email],
            }
            parsed.rejected.append(Rejected(line, reason))
            continue
        seen[email] = line
        name = cell("name") or " ".join(filter(None, [cell("first_name"), cell("last_name")]))
        parsed.rows.append(
            Row(
                line,
                email,
                name[:200],
                cell("department")[:200],
                country(cell("country"), cell("usage_location"), warn),
                language(cell("language"), warn) if "language" in columns else None,
                manager(cell("manager"), warn) if "manager" in columns else None,
                cell("employee_number")[:64] if "employee_number" in columns else None,
                cell("enabled").lower() not in DISABLED and cell("status").lower() not in SUSPENDED,
            )
        )
    return parsed


def is_address(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def address(mail, upn, warn):
    """(the row's address, None), or (None, why the row is rejected). The mail column
    first; else Entra ID's userPrincipalName, where it is a real address in an allowed
    domain (not a guest's "#EXT#" name)."""
    mail, upn = mail.lower(), upn.lower()
    if is_address(mail):
        return mail, None
    domains = settings.SIGNUP_ALLOWED_DOMAINS
    upn_usable = (
        is_address(upn)
        and "#ext#" not in upn
        and (not domains or upn.rpartition("@")[2] in domains)
    )
    if upn_usable:
        if mail:
            warn(
                _("not an e-mail address: %(email)s; took the user principal name %(upn)s")
                % {"email": repr(mail), "upn": upn}
            )
        return upn, None
    if mail:
        return None, _("not an e-mail address: %(email)s") % {"email": repr(mail)}
    if upn:
        return None, _("no e-mail address, and the user principal name %(upn)s is not one") % {
            "upn": repr(upn)
        }
    return None, _("no e-mail address")


def country(text, usage_location, warn):
    """The free-text country if it can be read, else Entra ID's usage location."""
    found = countries.code(text) or countries.code(usage_location)
    if not found and (text or usage_location):
        warn(
            _("unknown country %(country)s: left empty") % {"country": repr(text or usage_location)}
        )
    return found


def language(value, warn):
    found = offered_language(value)
    if value and not found:
        warn(
            _("language %(language)s is not offered: invitations go in the default language")
            % {"language": repr(value)}
        )
    return found


def manager(value, warn):
    value = value.lower()
    if value and not is_address(value):
        warn(
            _("manager %(manager)s is not an e-mail address: left empty") % {"manager": repr(value)}
        )
        return ""
    return value


def offered_language(value):
    """The site's language for a directory's language cell ("de-CH", "de_DE", "en",
    "Deutsch", "German", "Englisch"); "" for one the site does not offer, whose colleagues
    get LANGUAGE_CODE."""
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    if primary in dict(settings.LANGUAGES):
        return primary
    return _language_names().get(value.strip().lower(), "")


@functools.cache
def _language_names():
    """{a language's name, in English, in itself or in German: its code}."""
    names = {}
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        with translation.override("de"):
            german = translation.gettext(info["name"])
        for name in (info["name"], info["name_local"], german):
            names[name.lower()] = code
    return names
