"""Readers' guide pages come from a cache keyed by content version and language: warm
pages cost no query, and an edit shows on the next request."""

import re

from django.core.management import call_command
from django.test import Client
from django.utils import translation

from guide import content, page_cache
from tests.factories import UserFactory


def admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_an_admin_edit_shows_on_the_next_request(client, guide):
    step = guide.steps.get(slug="switch-it-off")
    reader = client.__class__()
    assert (
        "Switch off the AI training toggle" in reader.get(step.get_absolute_url()).content.decode()
    )
    page = admin(client).get(f"/admin/guide/step/{step.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["title_en"] = "Turn the AI switch off"
    data["sources"] = [source.pk for source in step.sources.all()]
    for prefix in ("labels",):
        inline = next(
            f for f in page.context["inline_admin_formsets"] if f.formset.prefix == prefix
        )
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{prefix}-{name}"] = management[name].value()
        for index, sub in enumerate(inline.formset.forms):
            for name in sub.fields:
                value = sub[name].value()
                if value is not None:
                    data[f"{prefix}-{index}-{name}"] = value
    response = client.post(f"/admin/guide/step/{step.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Turn the AI switch off" in reader.get(step.get_absolute_url()).content.decode()


def test_load_guide_changes_what_the_next_request_shows(client, guide, tmp_path):
    assert client.get("/").status_code == 200  # cached
    edited = tmp_path / "guide.toml"
    original = content.BUNDLED_GUIDE.read_text()
    edited.write_text(original.replace(f'title = "{guide.title}"', 'title = "A new title"', 1))
    call_command("load_guide", file=edited, update=True)
    assert "A new title" in client.get("/").content.decode()


def test_each_language_has_its_own_cached_pages(guide):
    built = []
    with translation.override("en"):
        page_cache.cached("probe", lambda: built.append("en") or "english")
    with translation.override("de"):
        assert page_cache.cached("probe", lambda: built.append("de") or "german") == "german"
    with translation.override("en"):
        assert page_cache.cached("probe", lambda: "rebuilt") == "english"
    assert built == ["en", "de"]


def test_signed_in_pages_still_show_the_colleagues_own_progress(client, guide):
    client.get("/checklist/")  # warm the cache as someone else
    user = UserFactory()
    client.force_login(user)
    client.post("/checklist/ai-training/", {"state": "done"})
    assert 'data-item="ai-training" data-state="done"' in client.get("/checklist/").content.decode()
    other = client.__class__()
    assert 'data-item="ai-training" data-state="todo"' in other.get("/checklist/").content.decode()


def test_first_visits_share_one_page_but_forms_keep_their_own_token(guide):
    from django.test import Client

    first, second = Client(), Client()
    assert first.get("/").content == second.get("/").content
    assert "Cookie" in first.get("/")["Vary"]
    step = guide.steps.get(slug="switch-it-off").get_absolute_url()  # has a tick form
    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', c.get(step).content.decode())[1]
        for c in (Client(), Client())
    }
    assert len(tokens) == 2


def test_a_colleague_with_ticks_never_gets_the_shared_page(client, guide):
    client.get("/")  # the shared first-visit page is cached
    client.post("/checklist/ai-training/", {"state": "done"})  # now they have a session
    page = client.get("/").content.decode()
    assert "Continue with step" in page or "Done" in page
    assert page != Client().get("/").content.decode()


def test_a_bad_token_cookie_does_not_turn_off_the_shared_page_for_everyone(client, guide):
    from django.test import Client

    Client(HTTP_COOKIE="csrftoken=x").get("/")  # the first visitor brings a broken cookie
    Client().get("/")  # the next one renders it and keeps it
    assert Client().get("/").templates == []  # later first visits get the kept page


def test_a_step_page_with_a_form_is_kept_whole_and_each_first_visit_gets_its_own_token(guide):
    """The step page's tick form and htmx script need a token and a nonce: the page is
    kept with holes for them, filled per request, and the view does not run again."""
    from django.test import Client

    step = guide.steps.get(slug="switch-it-off").get_absolute_url()
    Client().get(step)  # kept
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get(step) for visitor in visitors]
    assert all(page.templates == [] for page in pages)  # served from what was kept
    tokens = [re.search(r'"X-CSRFToken": "([^"]+)"', p.content.decode())[1] for p in pages]
    nonces = [re.search(r'nonce="([^"]+)"', p.content.decode())[1] for p in pages]
    assert len(set(tokens)) == 2 and len(set(nonces)) == 2
    for page, nonce in zip(pages, nonces, strict=True):
        assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]
        assert "\ue000" not in page.content.decode()
    for visitor, token in zip(visitors, tokens, strict=True):
        ticked = visitor.post("/checklist/ai-training/", {"state": "done"}, HTTP_X_CSRFTOKEN=token)
        assert ticked.status_code == 302  # the token from the kept page is good
