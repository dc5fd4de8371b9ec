"""Whatever anyone sends to any endpoint: never a 5xx, and a 4xx changes nothing."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.models import ChecklistItem, Guide, Label, Source, Step, Tick
from tests.factories import TickFactory, UserFactory

# Examples per endpoint: `make test` tries 25 forms and 15 raw bodies at every endpoint;
# `make test-fast`, the quick loop while working, fewer (FUZZ_EXAMPLES).
FORM_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 25))
BODY_EXAMPLES = min(15, FORM_EXAMPLES)

# Sample values for path converters, so that every route can be reached.
SAMPLES = {"slug": "ai-training", "uidb64": "MQ", "token": "set-password", "int": "1", "str": "x"}
FIELDS = [
    "state", "next", "email", "username", "password", "password1", "password2",
    "old_password", "new_password1", "new_password2", "confirmation", "csrfmiddlewaretoken",
]  # fmt: skip
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
    "multipart/form-data",
    "application/json",
    "text/plain; charset=utf-16",
    "application/x-www-form-urlencoded; charset=nonsense",
]


def routes(resolver=None, prefix=""):
    """Every URL of the site (the admin only by its log-in page), with sample arguments."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + re.sub(r"<(?:(\w+):)?(\w+)>", sample, route)
    if not prefix:
        yield "/admin/login/"


def sample(match):
    converter, name = match[1], match[2]
    return SAMPLES.get(name) or SAMPLES[converter or "str"]


ENDPOINTS = sorted(set(routes()))
MODELS = [get_user_model(), Tick, Guide, Step, Label, ChecklistItem, Source]

text = st.text(max_size=300)
form = st.dictionaries(
    st.sampled_from(FIELDS) | text, text | st.lists(text, max_size=3), max_size=8
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_HX_REQUEST": st.sampled_from(["true", "false", ""]) | text,
        "HTTP_HX_TARGET": text,
        "HTTP_X_REMOTE_USER": text,
        "HTTP_ACCEPT_LANGUAGE": text,
        "HTTP_REFERER": text,
        "HTTP_X_FORWARDED_PROTO": st.sampled_from(["https", "http"]),
    },
)
raw_body = st.binary(max_size=2000) | st.builds(
    lambda n: b"state=done&" * n, st.sampled_from([1, 1001, 300_000])
)


def snapshot():
    """Every row a colleague or a champion cares about (sessions and log-in counters aside).
    Read in one language: a request may leave German active in this thread, and translated
    fields read in the active language."""
    with translation.override("en"):
        return [list(model.objects.order_by("pk").values()) for model in MODELS]


@pytest.fixture
def member_client(guide):
    user = UserFactory()
    TickFactory(user=user, item=guide.items.first())
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def check(response, before):
    assert response.status_code < 500, response.content[:500]
    if 400 <= response.status_code < 500:
        assert snapshot() == before, f"a {response.status_code} changed rows"


@pytest.mark.parametrize("path", ENDPOINTS)
@settings(
    max_examples=FORM_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=form, extra=headers, signed_in=st.booleans())
def test_random_forms_and_headers(path, member_client, data, extra, signed_in):
    client = member_client if signed_in else Client(raise_request_exception=False)
    before = snapshot()
    check(client.post(path, data, **extra), before)


@pytest.mark.parametrize("path", ENDPOINTS)
@settings(
    max_examples=BODY_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=raw_body, content_type=st.sampled_from(CONTENT_TYPES), extra=headers)
def test_malformed_and_oversized_bodies(path, member_client, body, content_type, extra):
    before = snapshot()
    check(member_client.generic("POST", path, body, content_type=content_type, **extra), before)


FORMS = ["/checklist/ai-training/", "/accounts/signup/", "/accounts/login/",
         "/accounts/login/code/", "/accounts/login/code/confirm/", "/accounts/logout/",
         "/accounts/delete/", "/reminders/off/set-password/"]  # fmt: skip


def test_every_post_endpoint_is_covered():
    """The fuzzing reaches the forms a colleague can send."""
    for path in FORMS:
        assert path in ENDPOINTS


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "nonsense", "shift_jis"])
@pytest.mark.parametrize("path", FORMS)
def test_a_form_in_any_charset_but_utf8_is_a_clear_400(client, guide, path, charset):
    before = snapshot()
    response = client.generic(
        "POST",
        path,
        b"state=done&email=a%40example.com",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "Forms are accepted in UTF-8 only." in response.content.decode()
    assert snapshot() == before
