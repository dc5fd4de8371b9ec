"""Error pages keep the site's look and say that nothing changed."""

from django.test import Client, RequestFactory
from django.views.defaults import server_error


def test_unknown_host_gets_the_sites_400_page(client, db):
    response = client.get("/", HTTP_HOST="intruder.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "could not be understood" in page
    assert "css/site.css" in page


def test_a_form_sent_without_its_csrf_token_gets_the_sites_403_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page
    assert "css/site.css" in page


def test_the_500_page_renders_without_the_database_or_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "css/site.css" in page
    assert "Traceback" not in page
