"""The guide's data, cached in each app server's memory for readers.

Keys carry the content version (raised by every admin save and every `load_guide`) and
the language, so an edit or another language is a new key, never a stale page. Each
process reads the version from the database at most every VERSION_SECONDS: an edit
shows on every app server within that time, and warm anonymous pages run no query.
What differs per request — the CSRF token, the CSP nonce, the colleague's own ticks —
is never cached here.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import ChecklistItem, Guide

VERSION_SECONDS = 3
# Entries kept per process: every page in every language, with room to spare. Nothing is
# kept for what does not exist (a made-up step address), so requests for those can
# neither grow the store nor push the real pages out.
MOST_ENTRIES = 1000

# This process's cache: plain objects, not pickled copies (unpickling the steps on every
# request cost a millisecond). Readers never change what they get.
_kept = {}
_version = {"value": None, "read_at": float("-inf")}


def content_version():
    if time.monotonic() - _version["read_at"] > VERSION_SECONDS:
        value = Guide.objects.order_by("pk").values_list("content_version", flat=True).first()
        _version.update(value=value or 0, read_at=time.monotonic())
    return _version["value"]


def content_changed():
    """Call after any change to the guide's content: every page is built anew."""
    Guide.objects.update(content_version=F("content_version") + 1)
    forget()  # this process at once, the others within VERSION_SECONDS


def forget():
    _kept.clear()
    _version["read_at"] = float("-inf")


def cached(name, build):
    """`build()`'s result under `name`, for this content version and language; a None
    result is built again next time."""
    key = (name, content_version(), get_language())
    found = _kept.get(key)
    if found is None:
        found = build()
        if found is not None:
            if len(_kept) >= MOST_ENTRIES:
                _kept.clear()  # entries of earlier content versions
            _kept[key] = found
    return found


def items(guide):
    return cached(
        "items", lambda: list(ChecklistItem.objects.for_guide(guide).with_latest_change())
    )


def current_guide() -> Guide | None:
    """The guide the site shows (the first one loaded): the one way every part of the
    site gets it, from this process's cache."""
    return cached("guide", Guide.objects.current)


def current_guide_or_404() -> Guide:
    guide = current_guide()
    if guide is None:
        raise Http404(_("No guide has been loaded yet."))
    return guide


def whole_page_for_first_visits(name):
    """For a reader with no session (so no ticks, not signed in) and no messages, the page
    is the same for everyone but for the CSRF token and the CSP nonce: keep it whole, per
    content version and language, with those two as holes each request fills (so the view
    does not run). Everyone else gets the page rendered for them."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            personal_cookies = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}
            if personal_cookies & request.COOKIES.keys() or request.method != "GET":
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ["Cookie"])
                patch_cache_control(response, private=True)  # this reader's ticks in it
                return response
            key = f"{name}:{request.path}:{request.get_host()}"

            rendered = {}

            def render():
                request.leave_holes = True  # personal_page renders with holes, unfilled
                try:
                    response = rendered["response"] = view(request, *args, **kwargs)
                finally:
                    del request.leave_holes
                if response.status_code != 200:
                    return None  # kept for nobody: a made-up address stays uncached
                # Only a page with nothing else of this request in it: no cookie set, no
                # CSRF token or CSP nonce used but through the holes. Others are kept as
                # False: rendered for each reader, once.
                personal = (
                    response.cookies
                    or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                    or getattr(request, "_csp_nonce", None)
                )
                if personal and settings.CSRF_COOKIE_NAME in request.COOKIES:
                    return None  # perhaps only this reader's bad token cookie: ask again
                return False if personal else response.content.decode()

            content = cached(key, render)
            if content:
                return with_holes_filled(request, content)
            response = rendered.get("response") or view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapped

    return decorator


# --- Personal pages, kept with holes --------------------------------------------------------
# A signed-in colleague's checklist differs from another's only in each item's state (and
# the date it was ticked), and from one request to the next only in the CSRF token and the
# CSP nonce. So it is rendered once per such state, with these two left as holes, and kept;
# each request fills the holes with its own token and nonce.

CSRF_HOLE = "\ue000csrf-token\ue000"  # private-use characters: never in real content
NONCE_HOLE = "\ue000csp-nonce\ue000"
HOLES = {"csrf_token": CSRF_HOLE, "csp_nonce": NONCE_HOLE}


def states_key(states) -> tuple:
    """What of a colleague's ticks shows on a page: each item's shown state and the day."""
    return tuple(
        (s.item.pk, s.shown_state, s.updated_at.date() if s.updated_at else None) for s in states
    )


def personal_page(request: HttpRequest, name: str, key: tuple | None, render) -> HttpResponse:
    """`render(holes)` (a response rendered with `holes` added to its context) kept per
    `key` — everything but the token and nonce that makes the page differ — and its holes
    filled for this request. A None key (messages to show, say) renders afresh. Asked by
    whole_page_for_first_visits, it renders with the holes and leaves them."""
    if getattr(request, "leave_holes", False):
        return render(HOLES)
    if key is None:
        return render({})
    identity = (
        request.path,
        request.get_host(),
        request.user.is_authenticated,
        request.user.is_staff,
        key,
    )
    rendered = {}

    def build():
        response = rendered["response"] = render(HOLES)
        return response.content.decode() if response.status_code == 200 else None

    page = cached(f"personal:{name}:{hash(identity)}", build)
    if page is None:
        return rendered["response"]
    return with_holes_filled(request, page)


def with_holes_filled(request: HttpRequest, page: str) -> HttpResponse:
    """A kept page as this request's response: its own CSRF token and CSP nonce."""
    if CSRF_HOLE in page:
        page = page.replace(CSRF_HOLE, get_token(request))
    if NONCE_HOLE in page:
        page = page.replace(NONCE_HOLE, str(request._csp_nonce))  # marks it for the header
    response = HttpResponse(page)
    patch_vary_headers(response, ["Cookie"])
    return response
