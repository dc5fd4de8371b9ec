"""The colleague's own account: what is kept, "download my data", "delete my account"."""

import json
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
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
from django.views.decorators.http import require_GET, require_http_methods

from . import invitations, personal_data
from .forms import DeleteAccountForm

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
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return redirect("guide:checklist")
    return render(request, "accounts/invitation.html", {"colleague": colleague})


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
