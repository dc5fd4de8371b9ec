"""The colleague's own account: what is kept, "download my data", "delete my account";
the links that sign in from a mail: invitations and sign-in links."""

import json
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import invitations, personal_data, sign_in_links
from .adapter import allowed
from .forms import DeleteAccountForm, RequestSignInLinkForm
from .sign_in_links import State

REMOTE_USER_BACKEND = "accounts.backends.RemoteUserBackend"


def signs_in_by_sso(request):
    """Whether this session signed in through the SSO proxy's header or OpenID Connect;
    an e-mailed link is neither, even for an account that also has an SSO link."""
    if request.session.get(BACKEND_SESSION_KEY) == REMOTE_USER_BACKEND:
        return True
    records = get_authentication_records(request, request.user)
    return bool(records) and records[-1].get("method") == "socialaccount"


@require_GET
@login_required
@never_cache
def account(request):
    context = {"sso": signs_in_by_sso(request)}
    return render(request, "accounts/account.html", context)


@require_GET
@login_required
@never_cache
def export(request):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-linkedin-opt-out-data.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def delete(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        personal_data.delete_everything_about(user)
        logout(request)
        messages.success(request, _("Your account and everything kept about you are deleted."))
        return redirect("guide:landing")
    context = {"form": form, "sso": signs_in_by_sso(request)}
    return render(request, "accounts/delete.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def invitation(request, token):
    """An invitation's link shows one button; only its POST signs in, so a mail scanner
    that opens every link cannot spend it."""
    colleague = invitations.colleague_from_token(token)
    if colleague is None:
        return render(request, "accounts/invitation_invalid.html", status=400)
    if settings.SSO_ENABLED and not settings.SIGN_IN_BY_LINK:
        # The identity provider (and its MFA) signs colleagues in; the link proves nothing.
        context = {"colleague": colleague, "through_sso": True}
        return render(request, "accounts/invitation.html", context)
    if request.method == "POST":
        user = invitations.accept(colleague)
        if user is None:
            return render(request, "accounts/invitation_invalid.html", status=400)
        if request.user.is_authenticated and request.user != user:
            logout(request)
        login(request, user, backend="accounts.backends.AuthenticationBackend")
        return redirect("guide:checklist")
    return render(request, "accounts/invitation.html", {"colleague": colleague})


# A link made by this site for an account that may still sign in: a new one can go to the
# same address (also while it is still good: the mail goes only to its owner).
RESENDABLE = (State.VALID, State.USED, State.EXPIRED)


def read_sign_in_link(token):
    """The link's state, as this site signs in now: off without SIGN_IN_BY_LINK, refused
    for an address outside SIGNUP_ALLOWED_DOMAINS or (SIGN_IN_DIRECTORY_ONLY) the staff
    list, as the form that sends links refuses it."""
    reading = sign_in_links.read(token)
    if reading.user is not None and not allowed(reading.user.email):
        return sign_in_links.Reading(State.NOT_ALLOWED, reading.user)
    return reading


def sign_in_link_problem(request, token, reading, form=None):
    """A used, expired or foreign link says so, with a button that sends a new one to the
    same address where it can."""
    off = not settings.SIGN_IN_BY_LINK
    context = {
        "state": "off" if off else reading.state.value,
        "can_resend": not off and reading.state in RESENDABLE,
        "email": reading.user.email if reading.user else "",
        "token": token,
        "form": form,
        "minutes": settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60,
    }
    return render(request, "accounts/sign_in_link_problem.html", context, status=400)


@require_http_methods(["GET", "POST"])
@never_cache
def sign_in_link(request, token):
    """The link in a sign-in mail, in whichever browser opens it. It shows one button; only
    its POST signs in, so a mail scanner that opens every link cannot spend it."""
    reading = read_sign_in_link(token)
    if not settings.SIGN_IN_BY_LINK or reading.state is not State.VALID:
        return sign_in_link_problem(request, token, reading)
    link = reading.link
    if request.method == "POST":
        if not sign_in_links.spend(link):  # pressed twice at once: the other press won
            return sign_in_link_problem(
                request, token, sign_in_links.Reading(State.USED, link.user)
            )
        if request.user.is_authenticated and request.user != link.user:
            logout(request)
        return sign_in_links.sign_in(request, link)
    return render(request, "accounts/sign_in_link.html", {"email": link.email})


@require_POST
@never_cache
def sign_in_link_again(request, token):
    """The button on a used or expired link's page: a new link to the same address, without
    typing it, through the form that sends links (its checks, its rate limit)."""
    reading = read_sign_in_link(token)
    if not settings.SIGN_IN_BY_LINK or reading.state not in RESENDABLE:
        return sign_in_link_problem(request, token, reading)
    if request.user.is_authenticated:
        if request.user == reading.user:
            return redirect(settings.LOGIN_REDIRECT_URL)
        logout(request)
    form = RequestSignInLinkForm(data={"email": reading.user.email})
    if not form.is_valid():
        return sign_in_link_problem(request, token, reading, form=form)
    LoginCodeVerificationProcess.initiate(
        request=request, user=form._user, email=form.cleaned_data["email"]
    )
    return redirect("account_confirm_login_code")


@require_http_methods(["GET", "POST"])
@never_cache
def admin_login(request):
    """The admin signs in the way the site does (e-mailed link, SSO, or a rate-limited
    password where PASSWORDS_ALLOWED), then checks the staff flag: its own password form,
    with no rate limit, is never shown, and a password posted to it is never checked."""
    if request.user.is_authenticated and not request.user.is_staff:
        raise PermissionDenied(_("Your account cannot use the admin."))
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
