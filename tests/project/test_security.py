"""Headers, cookies and settings a security review looks for, on real responses."""

from tests.conftest import sign_in_by_mail
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def test_every_page_sends_the_security_headers(client, guide):
    response = client.get("/checklist/")  # a page with scripts: they carry a nonce
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_htmx_script_carries_the_nonce_and_injects_no_styles(client, guide):
    response = client.get("/checklist/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    page = response.content.decode()
    assert f'nonce="{nonce}"' in page
    assert (
        "&quot;includeIndicatorStyles&quot;: false" in page
        or '"includeIndicatorStyles": false' in page
    )
    assert "<style" not in page and "style=" not in page


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, guide):
    user = UserFactory()
    client.get("/accounts/login/")
    response = sign_in_by_mail(client, user.email)
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"], name
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


def test_plain_http_is_redirected_to_https_but_not_the_health_check(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/print/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/print/"
    assert client.get("/healthz").status_code == 200


def test_hsts_is_sent_over_https_when_configured(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/healthz", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_personal_pages_are_never_kept_by_a_shared_cache(client, guide):
    from tests.factories import ChampionFactory, ColleagueFactory

    ColleagueFactory()  # a staff list, so that its CSVs exist
    client.force_login(ChampionFactory())
    for path in [
        "/checklist/",
        "/dashboard/",
        "/dashboard/members/",
        "/dashboard/adoption.csv",
        "/dashboard/members.csv",
        "/dashboard/departments.csv",
        "/accounts/",
        "/accounts/export/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"], path
    client.post("/checklist/ai-training/", {"state": "done"})
    step = client.get("/steps/switch-it-off/")
    assert "private" in step["Cache-Control"]  # the colleague's ticks are in it


def test_the_admin_sign_in_is_the_sites(client, db):
    response = client.get("/admin/login/?next=/admin/guide/step/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fguide%2Fstep%2F"
    away = client.get("/admin/login/?next=https://evil.example/")
    assert away["Location"] == "/accounts/login/?next=%2Fadmin%2F"
