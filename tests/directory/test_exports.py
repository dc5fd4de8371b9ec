"""Real exports lose nobody: every person with an address is on the staff list, however
the country is spelled; what cannot be read is left empty with a warning."""

import random
from pathlib import Path

import pytest
from django.core.management import call_command

from directory import importing, reading
from directory.models import Colleague
from tests.factories import ColleagueFactory

EXPORTS = Path(__file__).parent / "exports"


def read(name):
    return reading.read((EXPORTS / name).read_bytes())


def by_email(parsed):
    return {row.email: row for row in parsed.rows}


def test_entra_download_users_counts_every_person(db):
    parsed = read("entra-download-users.csv")
    rows = by_email(parsed)
    # 12 lines, 12 people: the service account's user principal name is an address too.
    assert len(rows) == 12 and parsed.rejected == []
    assert rows["ben.baker@contoso.com"].country == "GB"  # no mail: its UPN; "UK"
    assert rows["carla.cruz@contoso.com"].country == "DE"  # mail in mixed case, lowered
    assert rows["dieter.dahl@contoso.com"].country == "DE"  # "deutschland"
    assert rows["amy.adams@contoso.com"].country == "US"  # "United States"
    assert rows["ivy.ito@contoso.com"].country == "US"  # "U.S."
    assert rows["jon.jones@contoso.com"].country == "GB"  # "united kingdom", UPN
    assert rows["eve.evans@contoso.com"].country == "FR"  # free text unknown: usageLocation
    assert rows["finn.fox@contoso.com"].country == "CH"  # no free text: usageLocation
    assert rows["gina.gray@contoso.com"].country == ""  # nothing readable: empty, in
    assert rows["jane@fabrikam.com"].name == "Jane Guest"  # a guest's mail, not "#EXT#"
    assert not rows["hank.hill@contoso.com"].enabled  # accountEnabled False
    assert [(w.line, w.reason) for w in parsed.warnings] == [
        (8, "unknown country 'Atlantis': left empty")
    ]


def test_a_user_principal_name_outside_the_allowed_domains_is_no_address(db, settings):
    settings.SIGNUP_ALLOWED_DOMAINS = ["contoso.com", "fabrikam.com"]
    parsed = read("entra-download-users.csv")
    assert len(parsed.rows) == 11
    assert [(r.line, r.reason) for r in parsed.rejected] == [
        (
            11,
            "no e-mail address, and the user principal name "
            "'svc-backup@contoso.onmicrosoft.com' is not one",
        )
    ]


def test_a_disabled_account_in_the_export_is_on_the_list_as_inactive(db):
    ColleagueFactory(email="hank.hill@contoso.com", name="Hank Hill")
    result = importing.plan(read("entra-download-users.csv"))
    assert [c.email for c in result.leaving] == ["hank.hill@contoso.com"]
    importing.apply(result)
    assert Colleague.objects.count() == 12
    assert not Colleague.objects.get(email="hank.hill@contoso.com").active
    assert Colleague.objects.filter(active=True).count() == 11


def test_google_workspace_export_with_managers_and_employee_ids(db):
    parsed = read("google-workspace-users.csv")
    result = importing.plan(parsed)
    rows = {row.email: row for row in result.new}
    assert len(rows) == 6 and parsed.rejected == []
    assert rows["clara.conrad@example.org"].manager == "bodo.brandt@example.org"
    assert rows["dana.dorn@example.org"].manager == "alma.arndt@example.org"  # lower case
    assert rows["dana.dorn@example.org"].employee_number == "E-103"
    assert rows["emil.ernst@example.org"].manager == ""  # nobody@ is not on the list
    assert not rows["fritz.frey@example.org"].enabled  # Status: Suspended
    assert [(w.line, w.reason) for w in result.warnings] == [
        (6, "manager nobody@example.org is not on the staff list: left empty")
    ]
    importing.apply(result)
    assert Colleague.objects.get(email="clara.conrad@example.org").manager == (
        "bodo.brandt@example.org"
    )
    assert Colleague.objects.filter(active=True).count() == 5


def test_german_hr_export_with_semicolons_and_umlauts(db):
    parsed = read("hr-personal-de.csv")
    result = importing.plan(parsed)
    rows = {row.email: row for row in result.new}
    assert len(rows) == 8 and parsed.rejected == []
    jürgen = rows["juergen.mueller@beispiel.de"]
    assert (jürgen.name, jürgen.department, jürgen.country, jürgen.language) == (
        "Jürgen Müller",  # Vorname + Name
        "Geschäftsführung",
        "DE",
        "de",  # "Deutsch"
    )
    assert jürgen.employee_number == "4711"
    assert [rows[e].country for e in sorted(rows)] == [
        "GB",  # Vereinigtes Königreich
        "DE",
        "AT",  # Österreich
        "DE",
        "US",  # USA
        "TR",  # Türkei
        "DK",  # Dänemark
        "CH",  # Schweiz
    ]
    assert rows["soeren.oestergaard@beispiel.de"].language == "en"  # "Englisch"
    assert rows["kaethe.schaefer@beispiel.de"].manager == "juergen.mueller@beispiel.de"
    # Managing oneself, and two who manage each other: loops, left empty.
    for looping in ["aegidius.gross@beispiel.de", "mia.lang@beispiel.de", "leo.kurz@beispiel.de"]:
        assert rows[looping].manager == ""
    assert [(w.line, w.reason) for w in result.warnings] == [
        (5, "language 'Französisch' is not offered: invitations go in the default language"),
        (7, "manager aegidius.gross@beispiel.de leads back to this row in a loop: left empty"),
        (8, "manager leo.kurz@beispiel.de leads back to this row in a loop: left empty"),
        (9, "manager mia.lang@beispiel.de leads back to this row in a loop: left empty"),
    ]


SPELLINGS = {
    "US": ["United States", "USA", "U.S.", "us", "United States of America", "U.S.A.", "usa"],
    "GB": ["United Kingdom", "UK", "uk", "Great Britain", "GB", "England", "Großbritannien"],
    "DE": ["Germany", "Deutschland", "DE", "germany", "GERMANY", "DEU"],
    "FR": ["France", "Frankreich", "FR", "fra"],
    "NL": ["Netherlands", "The Netherlands", "Niederlande", "Holland", "NL"],
}


def test_a_200_row_hr_list_loses_nobody(db, tmp_path):
    """The issue's case: 19 of 60 real people were lost to spelling. Now every one of
    200 is there, in the right country, and the headcount is 200."""
    rng = random.Random(7)
    lines = ["Employee ID;First name;Last name;Work email;Department;Country;Manager"]
    expected = {}
    for n in range(200):
        code = rng.choice(sorted(SPELLINGS))
        spelling = rng.choice(SPELLINGS[code])
        email = f"person{n}@example.com"
        manager = f"person{n // 10}@example.com" if n >= 10 else ""
        expected[email] = code
        lines.append(f"{n};Per;Son {n};{email.upper() if n % 7 == 0 else email};"
                     f"Dept {n % 9};{spelling};{manager}")  # fmt: skip
    staff = tmp_path / "hr.csv"
    staff.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_directory", staff)
    stored = dict(Colleague.objects.filter(active=True).values_list("email", "country"))
    assert stored == expected
    assert Colleague.objects.exclude(manager="").count() == 190


@pytest.mark.parametrize(
    ("header", "value"),
    [("manager", "Boss@Example.com"), ("managerEmail", "boss@example.com"),
     ("Manager Email", "boss@example.com"), ("manager.mail", "BOSS@example.com")],
)  # fmt: skip
def test_the_manager_column_under_its_usual_names(db, header, value):
    parsed = reading.read(f"email,{header}\nboss@example.com,\nada@example.com,{value}\n".encode())
    assert by_email(parsed)["ada@example.com"].manager == "boss@example.com"


def test_a_manager_who_is_not_an_address_is_left_empty_with_a_warning(db):
    parsed = reading.read(b"email,manager\nada@example.com,The Boss\n")
    assert by_email(parsed)["ada@example.com"].manager == ""
    assert [w.reason for w in parsed.warnings] == [
        "manager 'the boss' is not an e-mail address: left empty"
    ]


def test_a_file_without_a_manager_column_keeps_the_managers(db):
    ColleagueFactory(email="ada@example.com", name="Ada", manager="boss@example.com")
    result = importing.plan(
        reading.read(b"email,name,department,country\nada@example.com,Ada,Sales,DE\n")
    )
    assert result.unchanged == 1
    importing.apply(result)
    assert Colleague.objects.get(email="ada@example.com").manager == "boss@example.com"


def test_the_import_says_the_staff_list_changed_after_the_commit(
    db, django_capture_on_commit_callbacks
):
    from directory.signals import staff_list_changed

    heard = []

    def listener(sender, **kwargs):
        heard.append(Colleague.objects.count())

    staff_list_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            importing.apply(importing.plan(reading.read(b"email\nada@example.com\n")))
            assert heard == []  # not before the commit
        assert len(callbacks) == 1 and heard == [1]
    finally:
        staff_list_changed.disconnect(listener)
