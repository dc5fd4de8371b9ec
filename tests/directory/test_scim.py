"""SCIM 2.0 at /scim/v2/ as Entra ID and Okta use it: the requests as their documentation
shows them, and the staff list and the figures following."""

import json
import re

import pytest
from django.test import Client

from directory.models import Colleague, ScimLogEntry, ScimToken
from directory.scim import tokens
from directory.signals import staff_list_changed
from guide.models import Tick
from tests.factories import ChampionFactory, ColleagueFactory, TickFactory, UserFactory

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Scim:
    """A SCIM client with a bearer token, as the identity provider is."""

    def __init__(self, secret):
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def __call__(
        self, method, path, body=None, content_type="application/scim+json", raw=None, **kw
    ):
        data = json.dumps(body) if body is not None else raw or ""
        response = self.client.generic(
            method, "/scim/v2" + path, data, content_type=content_type, **kw
        )
        self.response = response
        return response.status_code, (json.loads(response.content) if response.content else None)

    def patch(self, user_id, *operations):
        return self("PATCH", f"/Users/{user_id}", {"schemas": [PATCH], "Operations": operations})


@pytest.fixture
def scim(db):
    _token, secret = tokens.create("Entra ID")
    return Scim(secret)


@pytest.fixture
def heard():
    """Each time the staff list says it changed (after the commit)."""
    calls = []

    def listener(sender, **kwargs):
        calls.append(sender)

    staff_list_changed.connect(listener)
    yield calls
    staff_list_changed.disconnect(listener)


def entra_user(user_name, mail=None, **extra):
    """The create request in Microsoft's SCIM endpoint tutorial."""
    return {
        "schemas": [CORE, ENT],
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": user_name,
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": mail or user_name}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Jane Doe", "familyName": "Doe", "givenName": "Jane"},
        "roles": [],
        **extra,
    }


def okta_user(user_name):
    """The create request in Okta's SCIM 2.0 reference."""
    return {
        "schemas": [CORE],
        "userName": user_name,
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": True, "value": user_name, "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": True,
    }


def headcount(client):
    page = client.get("/dashboard/").content.decode()
    return int(re.search(r'data-figure="headcount">(\d+)<', page).group(1))


def test_entra_id_provisions_moves_and_deprovisions_and_the_figures_follow(
    scim, guide, client, heard, django_capture_on_commit_callbacks
):
    client.force_login(ChampionFactory())
    ColleagueFactory(email="already@contoso.com")  # the staff list is there already
    assert headcount(client) == 1

    # Entra ID asks first, then creates.
    status, found = scim("GET", '/Users?filter=userName eq "Jane.Doe@contoso.com"')
    assert (status, found["totalResults"]) == (200, 0)
    with django_capture_on_commit_callbacks(execute=True):
        status, boss = scim("POST", "/Users", entra_user("boss@contoso.com"))
        status, jane = scim("POST", "/Users", entra_user(
            "Jane.Doe@contoso.com",
            addresses=[{"type": "work", "country": "United States"}],
            preferredLanguage="de-DE",
            **{ENT: {"employeeNumber": "701984", "department": "Tour Operations"}},
        ))  # fmt: skip
    assert status == 201 and scim.response["Location"].endswith(f"/scim/v2/Users/{jane['id']}")
    assert len(heard) == 2  # one per change, each after its commit
    row = Colleague.objects.get(pk=jane["id"])
    assert (row.email, row.name, row.country, row.language, row.department) == (
        "jane.doe@contoso.com",
        "Jane Doe",
        "US",
        "de",
        "Tour Operations",
    )
    assert (row.source, row.employee_number, row.active) == ("scim", "701984", True)
    assert headcount(client) == 3

    # Found by userName in any case, and by externalId exactly.
    status, found = scim("GET", '/Users?filter=userName eq "jane.doe@CONTOSO.com"')
    assert [user["id"] for user in found["Resources"]] == [jane["id"]]
    status, found = scim(
        "GET", '/Users?filter=externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"'
    )
    assert found["totalResults"] == 2  # both were made with the tutorial's externalId

    # A mover: new department and a manager (Entra ID sends the manager's id).
    with django_capture_on_commit_callbacks(execute=True):
        status, patched = scim.patch(
            jane["id"],
            {"op": "Replace", "path": f"{ENT}:department", "value": "Sales"},
            {"op": "Add", "path": f"{ENT}:manager", "value": boss["id"]},
        )
    assert status == 200 and patched[ENT]["manager"]["value"] == boss["id"]
    row.refresh_from_db()
    assert (row.department, row.manager) == ("Sales", "boss@contoso.com")
    assert len(heard) == 3

    # The dotted keys and the string "False" of Entra ID's older PATCH.
    with django_capture_on_commit_callbacks(execute=True):
        status, _ = scim.patch(
            jane["id"],
            {"op": "Replace", "value": {"name.givenName": "Janet", "displayName": "Janet Doe"}},
            {"op": "Replace", "path": "active", "value": "False"},
        )
    assert status == 200
    row.refresh_from_db()
    assert (row.name, row.active, row.left_at is not None) == ("Janet Doe", False, True)
    assert headcount(client) == 2
    assert len(heard) == 4

    # Entra ID's periodic PATCH that changes nothing writes nothing and says nothing.
    with django_capture_on_commit_callbacks(execute=True):
        scim.patch(jane["id"], {"op": "Replace", "path": "active", "value": "False"})
    assert len(heard) == 4

    # Back again ("True" as a string), then deprovisioned for good.
    with django_capture_on_commit_callbacks(execute=True):
        scim.patch(jane["id"], {"op": "replace", "value": {"active": "True"}})
    assert headcount(client) == 3
    with django_capture_on_commit_callbacks(execute=True):
        status, _ = scim("DELETE", f"/Users/{jane['id']}")
    assert status == 204
    assert scim("GET", f"/Users/{jane['id']}")[0] == 404
    row.refresh_from_db()
    assert not row.active and row.scim_deleted_at is not None  # kept, inactive
    assert headcount(client) == 2
    assert len(heard) == 6

    # Re-provisioned: the same row comes back, with its id.
    with django_capture_on_commit_callbacks(execute=True):
        status, again = scim("POST", "/Users", entra_user("jane.doe@contoso.com"))
    assert (status, again["id"]) == (201, jane["id"])
    assert headcount(client) == 3 and len(heard) == 7


def test_entra_manager_shapes_and_removing_a_manager(scim):
    _, boss = scim("POST", "/Users", entra_user("boss@contoso.com"))
    _, jane = scim("POST", "/Users", entra_user("jane@contoso.com"))
    for value in [boss["id"], [{"value": boss["id"], "$ref": None}]]:
        status, _ = scim.patch(jane["id"], {"op": "Add", "path": "manager", "value": value})
        assert status == 200
        assert Colleague.objects.get(pk=jane["id"]).manager == "boss@contoso.com"
        status, _ = scim.patch(
            jane["id"], {"op": "Remove", "path": f"{ENT}:manager", "value": [{"value": value}]}
        )
        assert status == 200 and Colleague.objects.get(pk=jane["id"]).manager == ""
    for operation in [
        {"op": "Add", "value": {f"{ENT}:manager": boss["id"]}},
        {"op": "Add", "path": ENT, "value": {"manager": boss["id"], "department": "Ops"}},
    ]:
        scim.patch(jane["id"], {"op": "Remove", "path": f"{ENT}:manager"})
        assert scim.patch(jane["id"], operation)[0] == 200
        assert Colleague.objects.get(pk=jane["id"]).manager == "boss@contoso.com"
    status, error = scim.patch(jane["id"], {"op": "Add", "path": "manager", "value": "999999"})
    assert (status, error["scimType"]) == (400, "invalidValue")


def test_a_manager_who_changes_address_is_followed(scim):
    _, boss = scim("POST", "/Users", entra_user("boss@contoso.com"))
    _, jane = scim("POST", "/Users", entra_user("jane@contoso.com", **{ENT: {
        "manager": {"value": boss["id"]}}}))  # fmt: skip
    scim.patch(boss["id"], {"op": "Replace", "path": "userName", "value": "chief@contoso.com"},
               {"op": "Replace", "path": 'emails[type eq "work"].value',
                "value": "chief@contoso.com"})  # fmt: skip
    assert Colleague.objects.get(pk=jane["id"]).manager == "chief@contoso.com"
    assert scim("GET", f"/Users/{jane['id']}")[1][ENT]["manager"]["value"] == boss["id"]


def test_okta_creates_deactivates_and_updates_with_put(scim, heard):
    status, found = scim("GET", "/Users?startIndex=1&count=2")  # "Test Connector Configuration"
    assert status == 200
    status, user = scim("POST", "/Users", okta_user("test.user@okta.local"))
    assert status == 201 and user["displayName"] == "Test User"
    status, _ = scim.patch(user["id"], {"op": "replace", "value": {"active": False}})
    assert status == 200 and not Colleague.objects.get(pk=user["id"]).active
    put = {**okta_user("test.user@okta.local"), "id": user["id"], "displayName": "Tess User"}
    status, replaced = scim("PUT", f"/Users/{user['id']}", put, content_type="application/json")
    assert status == 200 and replaced["displayName"] == "Tess User"
    assert "password" not in replaced and "locale" not in replaced  # not kept
    row = Colleague.objects.get(pk=user["id"])
    assert (row.name, row.active) == ("Tess User", True)


def test_the_address_is_the_work_mail_when_the_user_principal_name_differs(scim):
    status, user = scim(
        "POST", "/Users", entra_user("jdoe@corp.contoso.com", "jane.doe@contoso.com")
    )
    assert Colleague.objects.get(pk=user["id"]).email == "jane.doe@contoso.com"
    status, found = scim("GET", '/Users?filter=userName eq "JDOE@corp.contoso.com"')
    assert found["totalResults"] == 1


def test_a_row_from_a_csv_import_is_found_and_taken_over(scim):
    row = ColleagueFactory(email="ada@contoso.com", name="Ada", department="Research")
    status, found = scim("GET", '/Users?filter=userName eq "Ada@contoso.com"')
    (user,) = found["Resources"]
    assert (user["id"], user["displayName"], user[ENT]["department"]) == (
        str(row.pk),
        "Ada",
        "Research",
    )
    status, _ = scim.patch(
        user["id"], {"op": "Replace", "path": f"{ENT}:department", "value": "R&D"}
    )
    row.refresh_from_db()
    assert (status, row.department, row.source) == (200, "R&D", "scim")


def test_a_row_from_a_csv_import_is_taken_over_when_the_user_principal_name_differs(scim):
    row = ColleagueFactory(email="jane.doe@contoso.com")
    status, found = scim("GET", '/Users?filter=userName eq "jdoe@corp.contoso.com"')
    assert found["totalResults"] == 0  # Entra ID looks, finds nobody, creates:
    status, user = scim(
        "POST", "/Users", entra_user("jdoe@corp.contoso.com", "jane.doe@contoso.com")
    )
    assert (status, user["id"]) == (201, str(row.pk))
    assert Colleague.objects.count() == 1
    # Once SCIM keeps it, another userName for the same address is a conflict.
    status, error = scim(
        "POST", "/Users", entra_user("other@corp.contoso.com", "jane.doe@contoso.com")
    )
    assert (status, error["scimType"]) == (409, "uniqueness")


def test_pages_by_start_index_and_count(scim):
    for n in range(5):
        scim("POST", "/Users", okta_user(f"user{n}@okta.local"))
    status, page = scim("GET", "/Users?startIndex=2&count=2")
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [u["userName"] for u in page["Resources"]] == ["user1@okta.local", "user2@okta.local"]
    status, page = scim("GET", "/Users?count=0")
    assert page["totalResults"] == 5 and not page.get("Resources")
    status, page = scim("GET", '/Users?filter=userName sw "user" and active eq true&count=1000')
    assert len(page["Resources"]) == 5  # count is bounded by maxResults, 200


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "scim_type"),
    [
        ("GET", '/Users?filter=userName eq', None, 400, "invalidFilter"),
        ("GET", '/Users?filter=name.givenName eq "x"', None, 400, "invalidFilter"),
        ("GET", '/Users?filter=foo eq "x"', None, 400, "invalidFilter"),
        ("POST", "/Users", {"schemas": [CORE], "active": True}, 400, "invalidValue"),
        ("PATCH", "/Users/{id}", {"schemas": [PATCH], "Operations": [
            {"op": "move", "path": "active", "value": True}]}, 400, "invalidValue"),
        ("PATCH", "/Users/{id}", {"schemas": [PATCH], "Operations": [
            {"op": "remove", "path": "active"}]}, 400, "mutability"),
        ("PATCH", "/Users/{id}", {"schemas": [PATCH], "Operations": []}, 400, "invalidValue"),
        ("PUT", "/Users/{id}", {"schemas": [CORE], "userName": "X@contoso.com", "active": True},
         409, "uniqueness"),
        ("PUT", "/Users/{id}", {"schemas": [CORE], "userName": "y@contoso.com"}, 400,
         "invalidValue"),
        ("POST", "/Users", okta_user("OTHER@contoso.com"), 409, "uniqueness"),
        ("GET", "/Users/999999", None, 404, None),
        ("GET", "/Users/not-a-number", None, 404, None),
        ("DELETE", "/Users/999999", None, 404, None),
        ("GET", "/Groups", None, 404, None),
        ("POST", "/Bulk", {}, 501, None),
        ("GET", "/Users?sortBy=userName", None, 501, None),
    ],
)  # fmt: skip
def test_bad_requests_get_scim_errors_and_change_nothing(
    scim, method, path, body, status, scim_type
):
    scim("POST", "/Users", okta_user("x@contoso.com"))
    _, other = scim("POST", "/Users", okta_user("other@contoso.com"))
    before = list(Colleague.objects.values())
    got, error = scim(method, path.replace("{id}", other["id"]), body)
    assert got == status
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert error.get("scimType") == scim_type
    assert list(Colleague.objects.values()) == before


def test_unreadable_json_and_other_media_types(scim):
    status, error = scim("POST", "/Users", raw="{nope")
    assert (status, error["scimType"]) == (400, "invalidSyntax")
    status, _ = scim("POST", "/Users", okta_user("a@b.example"), content_type="text/plain")
    assert status == 415
    assert not Colleague.objects.exists()


def test_etags_protect_against_lost_updates(scim):
    _, user = scim("POST", "/Users", okta_user("a@okta.local"))
    etag = scim.response["ETag"]
    scim.patch(user["id"], {"op": "replace", "path": "displayName", "value": "First"})
    late = {"op": "replace", "path": "displayName", "value": "Late"}
    body = {"schemas": [PATCH], "Operations": [late]}
    status, error = scim("PATCH", f"/Users/{user['id']}", body, headers={"If-Match": etag})
    assert status == 412
    assert Colleague.objects.get(pk=user["id"]).name == "First"


def test_the_discovery_endpoints(scim):
    status, config = Scim("")("GET", "/ServiceProviderConfig")  # public, as RFC 7644 §4 has it
    assert status == 200 and config["patch"]["supported"] and not config["bulk"]["supported"]
    status, types = scim("GET", "/ResourceTypes")
    assert [t["id"] for t in types["Resources"]] == ["User"]
    status, schemas = scim("GET", "/Schemas")
    assert {s["id"] for s in schemas["Resources"]} == {CORE, ENT}


@pytest.mark.parametrize("authorization", [None, "Bearer nope", "Basic abc", "Bearer ", "revoked"])
def test_a_wrong_revoked_or_missing_token_gets_401_and_changes_nothing(db, authorization):
    token, secret = tokens.create("old")
    if authorization == "revoked":
        tokens.revoke(ScimToken.objects.filter(pk=token.pk))
        authorization = f"Bearer {secret}"
    headers = {"Authorization": authorization} if authorization else {}
    client = Client(headers=headers)
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"]:
        response = client.generic(
            method, "/scim/v2/Users", json.dumps(okta_user("a@b.example")),
            content_type="application/scim+json",
        )  # fmt: skip
        assert response.status_code == 401, method
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Colleague.objects.exists()


def test_several_tokens_at_once_for_a_rotation(db):
    _, old = tokens.create("old")
    _, new = tokens.create("new")
    assert Scim(old)("POST", "/Users", okta_user("a@okta.local"))[0] == 201
    assert Scim(new)("POST", "/Users", okta_user("b@okta.local"))[0] == 201
    tokens.revoke(ScimToken.objects.filter(name="old"))
    assert Scim(old)("GET", "/Users")[0] == 401
    assert Scim(new)("GET", "/Users")[0] == 200


def test_only_a_digest_of_the_token_is_kept(db, capsys):
    from django.core.management import call_command

    call_command("create_scim_token", "Okta")
    secret = capsys.readouterr().out.strip()
    token = ScimToken.objects.get(name="Okta")
    assert secret.startswith("scim_") and len(secret) > 40
    assert secret not in json.dumps(list(ScimToken.objects.values()), default=str)
    assert token.digest == tokens.digest(secret)
    assert Scim(secret)("GET", "/Users")[0] == 200


def test_a_token_can_do_nothing_outside_scim(db, client):
    _, secret = tokens.create("Entra ID")
    ChampionFactory(is_superuser=True)
    bearer = Client(headers={"Authorization": f"Bearer {secret}"})
    for path in ["/dashboard/", "/admin/", "/admin/directory/colleague/", "/checklist/"]:
        response = bearer.get(path)
        assert response.status_code in (200, 302) and "_auth_user_id" not in bearer.session
        if path != "/checklist/":
            assert response.status_code == 302  # to sign in
    assert bearer.post("/admin/directory/scimtoken/add/", {"name": "x"}).status_code in (302, 403)
    assert ScimToken.objects.count() == 1


def test_scim_never_touches_accounts_ticks_or_permissions(scim, guide):
    champion = ChampionFactory(email="ada@contoso.com", username="ada@contoso.com")
    row = ColleagueFactory(email="ada@contoso.com", user=champion)
    TickFactory(user=champion, item=guide.items.first())
    permissions = set(champion.user_permissions.values_list("pk", flat=True))
    scim.patch(row.pk, {"op": "replace", "value": {"active": False, "userName": "x@contoso.com"}},
               {"op": "replace", "path": 'emails[type eq "work"].value', "value": "x@contoso.com"},
               {"op": "add", "value": {"roles": [{"value": "admin"}], "groups": []}})  # fmt: skip
    scim("DELETE", f"/Users/{row.pk}")
    champion.refresh_from_db()
    assert (champion.email, champion.is_staff, champion.is_active) == (
        "ada@contoso.com",
        True,
        True,
    )
    assert set(champion.user_permissions.values_list("pk", flat=True)) == permissions
    assert Tick.objects.filter(user=champion).count() == 1
    row.refresh_from_db()
    assert row.user == champion and not row.active  # the row only


def test_every_request_is_logged_without_the_token_or_values(scim, settings):
    scim("POST", "/Users", okta_user("a@okta.local"))
    scim("GET", '/Users?filter=userName eq "secret.person@okta.local"')
    scim("POST", "/Users", okta_user("A@okta.local"))
    Client(headers={"Authorization": "Bearer wrong"}).get("/scim/v2/Users")
    entries = list(ScimLogEntry.objects.order_by("pk").values_list(
        "method", "path", "status", "error", "token__name"))  # fmt: skip
    assert entries == [
        ("POST", "/Users", 201, "", "Entra ID"),
        ("GET", "/Users?filter", 200, "", "Entra ID"),
        ("POST", "/Users", 409, "uniqueness: userName is already taken", "Entra ID"),
        ("GET", "/Users", 401, "A valid bearer token is needed", None),
    ]
    logged = json.dumps(list(ScimLogEntry.objects.values()), default=str)
    assert "secret.person" not in logged and "scim_" not in logged


def test_the_log_keeps_only_the_newest_entries(scim, monkeypatch):
    from directory.scim import log

    monkeypatch.setattr(log, "KEEP", 10)
    monkeypatch.setattr(log, "TRIM_EVERY", 5)
    for _ in range(30):
        scim("GET", "/Users?count=0")
    assert ScimLogEntry.objects.count() <= 15


@pytest.fixture
def one_minute(monkeypatch):
    """The requests of the test fall into one minute's count, whenever it runs."""
    from directory.scim import limits

    monkeypatch.setattr(limits, "minute", lambda: 30_000_000)


def test_requests_are_rate_limited_per_token(scim, settings, one_minute):
    settings.SCIM_REQUESTS_PER_MINUTE = 3
    statuses = [scim("GET", "/Users")[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert scim.response["Retry-After"] == "60"
    _, other = tokens.create("Okta")
    assert Scim(other)("GET", "/Users")[0] == 200  # each token counts its own


def test_guessing_tokens_is_rate_limited_per_address(db, settings, one_minute):
    settings.SCIM_ANONYMOUS_PER_MINUTE = 2
    guess = Client(headers={"Authorization": "Bearer guess"})
    assert [guess.get("/scim/v2/Users").status_code for _ in range(3)] == [401, 401, 429]


def test_a_body_too_large_is_refused(scim, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    status, error = scim("POST", "/Users", {**okta_user("a@okta.local"), "x": "y" * 2000})
    assert status == 413 and not Colleague.objects.exists()


def test_a_user_without_any_address_is_counted_under_their_user_name(scim):
    status, user = scim(
        "POST", "/Users", {"schemas": [CORE], "userName": "frontline-4711", "active": True}
    )
    assert status == 201
    assert Colleague.objects.get(pk=user["id"]).email == "frontline-4711"


def test_the_csv_import_leaves_rows_scim_keeps_unless_told(scim, tmp_path):
    from django.core.management import call_command

    _, jane = scim(
        "POST", "/Users", entra_user("jane@contoso.com", **{ENT: {"department": "Sales"}})
    )
    staff = tmp_path / "staff.csv"
    staff.write_text("email,name,department\nbob@contoso.com,Bob,Sales\n")
    call_command("import_directory", staff)
    row = Colleague.objects.get(pk=jane["id"])
    assert (row.active, row.department, row.source) == (True, "Sales", "scim")
    staff.write_text(
        "email,name,department\nbob@contoso.com,Bob,Sales\njane@contoso.com,Jane,Ops\n"
    )
    call_command("import_directory", staff)
    assert Colleague.objects.get(pk=jane["id"]).department == "Sales"
    call_command("import_directory", staff, overwrite_scim=True)
    row.refresh_from_db()
    assert (row.department, row.source) == ("Ops", "csv")
    status, user = scim("GET", f"/Users/{jane['id']}")
    assert (user["displayName"], user[ENT]["department"], user["userName"]) == (
        "Jane",
        "Ops",
        "jane@contoso.com",
    )


def test_the_preview_shows_what_the_file_would_undo_and_asks(scim, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    scim("POST", "/Users", entra_user("jane@contoso.com", **{ENT: {"department": "Sales"}}))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("staff.csv", b"email,department\nbob@contoso.com,Sales\n")
    preview = client.post("/admin/directory/colleague/import/", {"file": upload})["Location"]
    page = client.get(preview).content.decode()
    assert "1 row is kept by SCIM provisioning" in page and "jane@contoso.com" in page
    assert 'name="overwrite_scim"' in page
    response = client.post(preview, {"confirm": "1"}, follow=True)
    assert "1 row SCIM keeps was left as SCIM set it" in response.content.decode()
    assert Colleague.objects.get(email="jane@contoso.com").active
