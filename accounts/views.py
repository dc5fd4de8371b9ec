"""The colleague's own account: what is kept, "download my data", "delete my account"."""

import json

from allauth.account.authentication import get_authentication_records
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import BACKEND_SESSION_KEY, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import invitations
from .forms import DeleteAccountForm
from .models import Colleague, User


def private(view):
    """Pages with personal data: never stored by a browser or a proxy."""
    view = never_cache(view)

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    wrapped.__name__ = view.__name__
    return wrapped


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
@private
def account(request):
    context = {"sso": signs_in_by_sso(request)}
    return render(request, "accounts/account.html", context)


def personal_data(user):
    """Everything the app keeps about `user`, as plain data."""

    def stamp(value):
        return value.isoformat() if value else None

    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": stamp(user.date_joined),
            "last_login": stamp(user.last_login),
            "has_password": user.has_usable_password(),
            "reminders_enabled": user.reminders_enabled,
            "language": user.language,
            "is_staff": user.is_staff,
        },
        "addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.order_by("pk")
        ],
        "single_sign_on": [
            {
                "provider": account.provider,
                "subject": account.uid,
                "date_joined": stamp(account.date_joined),
                "last_login": stamp(account.last_login),
            }
            for account in user.socialaccount_set.order_by("pk")
        ],
        "sessions": [
            {
                "ip": session.ip,
                "user_agent": session.user_agent,
                "created_at": stamp(session.created_at),
                "last_seen_at": stamp(session.last_seen_at),
            }
            for session in UserSession.objects.filter(user=user).order_by("pk")
        ],
        "staff_list": [
            {
                "email": row.email,
                "name": row.name,
                "department": row.department,
                "country": row.country,
                "language": row.language,
                "active": row.active,
                "invited_at": stamp(row.invited_at),
                "invitations_off": row.opted_out,
            }
            for row in Colleague.objects.filter(email__in=addresses_of(user)).order_by("pk")
        ],
        "reminders_sent": [stamp(reminder.sent_at) for reminder in user.reminders.order_by("pk")],
        "sign_in_attempts": _(
            "Not kept per person: rate limits count attempts for a few "
            "minutes under a one-way hash of the address."
        ),
        "ticks": [
            {
                "item": tick.item.slug,
                "title": tick.item.title,
                "state": tick.state,
                "updated_at": stamp(tick.updated_at),
            }
            for tick in user.ticks.select_related("item").order_by("item__order")
        ],
    }


@require_GET
@login_required
@private
def export(request):
    data = personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-linkedin-opt-out-data.json"'
    return response


def addresses_of(user):
    """Every address the person is known by here, in lower case."""
    addresses = {user.email.lower(), user.username.lower()} | {
        address.email.lower() for address in user.emailaddress_set.all()
    }
    addresses.discard("")
    return addresses


def delete_everything_about(user):
    """The account and every row that names the person, under any spelling: their row on
    the staff list too (a later import of the list adds it again)."""
    addresses = addresses_of(user)
    rows = Colleague.objects.filter(email__in=addresses)  # stored in lower case
    with transaction.atomic():
        for session in UserSession.objects.filter(user=user):
            session.end()
        about_them = Q(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ) | Q(
            content_type=ContentType.objects.get_for_model(Colleague),
            object_id__in=[str(pk) for pk in rows.values_list("pk", flat=True)],
        )
        for address in addresses:  # entries titled with the address itself
            about_them |= Q(object_repr__iexact=address) | Q(object_repr__iendswith=f"<{address}>")
        LogEntry.objects.filter(about_them).delete()
        rows.delete()
        # Ticks, reminders, addresses, SSO links and admin log entries by the person
        # go with the account (on_delete=CASCADE).
        user.delete()


@require_http_methods(["GET", "POST"])
@login_required
@private
def delete(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_everything_about(user)
        logout(request)
        messages.success(request, _("Your account and everything kept about you are deleted."))
        return redirect("guide:landing")
    context = {"form": form, "sso": signs_in_by_sso(request)}
    return render(request, "accounts/delete.html", context)


@require_http_methods(["GET", "POST"])
@private
def invitation(request, token):
    """An invitation's link shows one button; only its POST signs in, so a mail scanner
    that opens every link cannot spend it."""
    colleague = invitations.colleague_from_token(token)
    if colleague is None:
        return render(request, "accounts/invitation_invalid.html", status=400)
    if request.method == "POST":
        user = invitations.accept(colleague)
        if user is None:
            return render(request, "accounts/invitation_invalid.html", status=400)
        if request.user.is_authenticated and request.user != user:
            logout(request)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return redirect("guide:checklist")
    return render(request, "accounts/invitation.html", {"colleague": colleague})


@csrf_exempt  # the signed token is the authority; mail clients post without a CSRF token
@require_http_methods(["GET", "POST"])
def invitation_off(request, token):
    colleague = invitations.colleague_from_opt_out_token(token)
    if colleague is None:
        return render(
            request, "400.html", {"reason": _("This opt-out link is not valid.")}, status=400
        )
    if request.method == "POST":
        colleague.opted_out = True
        colleague.save(update_fields=["opted_out"])
    return render(request, "accounts/invitation_off.html", {"colleague": colleague})
