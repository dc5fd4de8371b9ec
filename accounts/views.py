import json

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from .forms import DeleteAccountForm, SignupForm


@require_http_methods(["GET", "POST"])
def signup(request):
    if not settings.SIGNUP_OPEN:
        raise PermissionDenied("Sign-up is closed.")
    if request.user.is_authenticated:
        return redirect("guide:checklist")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account is ready. Your ticks are saved from now on.")
        return redirect("guide:checklist")
    context = {"form": form, "allowed_domains": settings.SIGNUP_ALLOWED_DOMAINS}
    return render(request, "registration/signup.html", context)


@login_required
@require_GET
def account(request):
    context = {"sso": not request.user.has_usable_password()}
    return render(request, "accounts/account.html", context)


@login_required
@require_GET
def export(request):
    """Everything the app keeps about the colleague, as a JSON download."""
    user = request.user
    ticks = user.ticks.select_related("item").order_by("item__order")
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "ticks": [
            {
                "item": tick.item.slug,
                "title": tick.item.title,
                "state": tick.state,
                "updated_at": tick.updated_at.isoformat(),
            }
            for tick in ticks
        ],
    }
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-linkedin-opt-out-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    user = request.user
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            AccessAttempt.objects.filter(username=user.username).delete()
            AccessFailureLog.objects.filter(username=user.username).delete()
            user.delete()  # ticks go with it (on_delete=CASCADE)
        logout(request)
        messages.success(request, "Your account and everything kept about you are deleted.")
        return redirect("guide:landing")
    context = {"form": form, "sso": not user.has_usable_password()}
    return render(request, "accounts/delete.html", context)
