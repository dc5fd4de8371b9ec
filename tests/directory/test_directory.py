"""The staff list: read from HR's or the directory's export, previewed, applied."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from directory import importing, reading
from directory.models import Colleague
from guide.models import Tick
from tests.conftest import sign_in_by_mail
from tests.factories import ColleagueFactory, TickFactory, UserFactory

MIXED = (
    "email,name,department,country,shoe size\n"  # an unknown column is ignored
    "ada@example.com,Ada Lovelace,Research,GB,38\n"
    "BOB@example.com,Bob,Sales,Germany,44\n"
    "\n"  # blank: skipped, not an error
    "not-an-address,Nobody,Sales,DE,40\n"
    ",No address,Sales,DE,40\n"
    "bob@EXAMPLE.com,Bob again,Sales,DE,44\n"
    "cy@example.com,Cy,Support,Atlantis,41\n"
    "dee@example.com,Dee,,,\n"
)


def read(text, encoding="utf-8"):
    return reading.read(text.encode(encoding))


def test_every_row_is_taken_or_rejected_with_its_line_and_reason(db):
    parsed = read(MIXED)
    assert [(r.email, r.name, r.department, r.country) for r in parsed.rows] == [
        ("ada@example.com", "Ada Lovelace", "Research", "GB"),
        ("bob@example.com", "Bob", "Sales", "DE"),
        ("cy@example.com", "Cy", "Support", ""),  # an unknown country loses nobody
        ("dee@example.com", "Dee", "", ""),
    ]
    assert [(r.line, r.reason) for r in parsed.rejected] == [
        (5, "not an e-mail address: 'not-an-address'"),
        (6, "no e-mail address"),
        (7, "bob@example.com is already on line 3"),
    ]
    assert [(w.line, w.reason) for w in parsed.warnings] == [
        (8, "unknown country 'Atlantis': left empty"),
    ]


def test_exports_of_entra_id_and_google_workspace_are_understood(db):
    entra = read(
        "\ufeffUser principal name;Display name;Department;Usage location;Mail\n"
        "ada@corp.example;Ada L;Research;GB;ada@example.com\n",
    )
    assert [(r.email, r.name, r.country) for r in entra.rows] == [
        ("ada@example.com", "Ada L", "GB")
    ]
    google = read(
        "First Name [Required],Last Name [Required],Email Address [Required],Department\n"
        "Bob,Builder,bob@example.com,Works\n"
    )
    assert [(r.email, r.name, r.department) for r in google.rows] == [
        ("bob@example.com", "Bob Builder", "Works")
    ]


def test_a_file_without_an_email_column_or_not_in_utf8_is_refused(db):
    with pytest.raises(reading.DirectoryFileError, match="No e-mail column"):
        read("name,department\nAda,Research\n")
    with pytest.raises(reading.DirectoryFileError, match="not UTF-8"):
        read("email,name\nzoë@example.com,Zoë\n", encoding="latin-1")


def test_the_preview_counts_what_will_change(db):
    ColleagueFactory(
        email="ada@example.com", name="Ada Lovelace", department="Research", country="GB"
    )
    ColleagueFactory(email="dee@example.com", name="Dee", department="Old", country="")
    ColleagueFactory(email="gone@example.com")
    result = importing.plan(read(MIXED))
    assert [row.email for row in result.new] == ["bob@example.com", "cy@example.com"]
    assert [c.email for c, _ in result.changed] == ["dee@example.com"]
    assert [c.email for c in result.leaving] == ["gone@example.com"]
    assert result.unchanged == 1 and len(result.rejected) == 3
    assert Colleague.objects.count() == 3  # the preview changed nothing


def test_re_import_marks_leavers_inactive_and_keeps_their_ticks(guide, tmp_path):
    first = tmp_path / "staff.csv"
    first.write_text(
        "email,name,department,country\nada@example.com,Ada,R,GB\nleo@example.com,Leo,S,DE\n"
    )
    call_command("import_directory", first)
    leo = UserFactory(email="leo@example.com", username="leo@example.com")
    call_command("import_directory", first)  # matches Leo's proved address
    TickFactory(user=leo, item=guide.items.first())
    second = tmp_path / "next-month.csv"
    second.write_text(
        "email,name,department,country\nada@example.com,Ada,R,GB\nnew@example.com,New,S,FR\n"
    )
    call_command("import_directory", second)
    gone = Colleague.objects.get(email="leo@example.com")
    assert not gone.active and gone.left_at is not None and gone.user == leo
    assert Tick.objects.filter(user=leo).count() == 1
    assert set(Colleague.objects.filter(active=True).values_list("email", flat=True)) == {
        "ada@example.com",
        "new@example.com",
    }


def test_dry_run_changes_nothing_and_reports(db, tmp_path, capsys):
    staff = tmp_path / "staff.csv"
    staff.write_text(MIXED)
    call_command("import_directory", staff, dry_run=True)
    out = capsys.readouterr().out
    assert "line 5: not an e-mail address" in out
    assert "Would import: 4 new, 0 changed, 0 leaving, 0 unchanged, 3 rejected." in out
    assert not Colleague.objects.exists()


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_directory", tmp_path / "nope.csv")


def test_proving_an_address_links_the_colleague(client, guide):
    ColleagueFactory(email="max@example.com")
    sign_in_by_mail(client, "Max@Example.com")
    assert Colleague.objects.get().user.email == "max@example.com"


def test_the_champion_uploads_previews_and_confirms_in_the_admin(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directory.models import DirectoryUpload

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    ColleagueFactory(email="gone@example.com")
    upload = SimpleUploadedFile("staff.csv", MIXED.encode(), content_type="text/csv")
    response = client.post("/admin/directory/colleague/import/", {"file": upload})
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "<strong>4</strong> new" in page and "<strong>1</strong> leaving" in page
    assert "<td>7</td><td>bob@example.com is already on line 3</td>" in page
    assert Colleague.objects.filter(active=True).count() == 1  # nothing changed yet
    response = client.post(preview_url, {"confirm": "1"}, follow=True)
    assert "Imported staff.csv: 4 new, 0 changed, 1 leaving" in response.content.decode()
    assert Colleague.objects.filter(active=True).count() == 4
    assert not DirectoryUpload.objects.exists()  # the file is not kept


def test_only_who_may_change_colleagues_can_import(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/directory/colleague/import/").status_code == 403


def test_with_directory_only_sign_in_only_the_staff_list_gets_a_link(client, guide, settings):
    from django.core import mail

    settings.SIGN_IN_DIRECTORY_ONLY = True
    ColleagueFactory(email="on-the-list@example.com")
    ColleagueFactory(email="left@example.com", active=False)
    for email in ["stranger@example.com", "left@example.com"]:
        response = Client().post("/accounts/login/code/", {"email": email})
        assert response.status_code == 302  # the same answer as for anyone
    assert mail.outbox == []
    sign_in_by_mail(client, "on-the-list@example.com")
    assert client.session["_auth_user_id"]


def test_a_broken_csv_line_is_a_clear_error_not_a_crash(client, db):
    broken = 'email,name\na@example.com,"' + "x" * 200_000 + "\n"  # an unclosed quote
    with pytest.raises(reading.DirectoryFileError, match="cannot be read as CSV"):
        read(broken)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("staff.csv", broken.encode())
    response = client.post("/admin/directory/colleague/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "cannot be read as CSV" in response.content.decode()


def test_an_account_already_on_another_row_is_not_linked_twice(guide, tmp_path):
    jane = UserFactory(email="jane.smith@example.com", username="jane.smith@example.com")
    ColleagueFactory(email="jane.doe@example.com", user=jane)  # her old address
    staff = tmp_path / "staff.csv"
    staff.write_text("email\njane.smith@example.com\n")
    call_command("import_directory", staff)  # no IntegrityError
    assert Colleague.objects.get(email="jane.smith@example.com").user is None


def test_with_directory_only_a_leaver_cannot_use_a_password(client, guide, settings):
    settings.SIGN_IN_DIRECTORY_ONLY = True
    settings.PASSWORDS_ALLOWED = True
    UserFactory(email="left@example.com", username="left@example.com")
    ColleagueFactory(email="left@example.com", active=False)
    client.post(
        "/accounts/login/",
        {"login": "left@example.com", "password": "correct horse battery staple"},
    )
    assert "_auth_user_id" not in client.session
