"""The colleague's pages: the walkthrough, the print view, the checklist and its ticks."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import progress, reminders
from .forms import TickForm
from .models import ChecklistItem, Guide


def steps_with_details(guide):
    return guide.steps.prefetch_related("labels", "sources")


def checklist_context(request, guide):
    """The colleague's items and progress, for any page that shows them."""
    items = list(ChecklistItem.objects.for_guide(guide))
    states = progress.states_for(request, items)
    return {
        "states": states,
        "progress": progress.progress_of(states),
        "site_address": site_address(request),
        # The page the colleague is on, also when htmx asks for a fragment.
        "page_path": (request.htmx and request.htmx.current_url_abs_path) or request.path,
    }


def site_address(request):
    """The address colleagues are sent: SITE_URL when set, else this request's own."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


@require_GET
def landing(request):
    guide = Guide.objects.current()
    steps = list(guide.steps.only("slug", "title", "part", "order")) if guide else []
    context = {"guide": guide, "steps": steps}
    if guide:
        context |= checklist_context(request, guide)
    return render(request, "guide/landing.html", context)


@require_GET
def step(request, slug):
    guide = Guide.objects.current_or_404()
    steps = list(guide.steps.only("slug", "title", "order"))
    current = next((s for s in steps if s.slug == slug), None)
    if current is None:
        raise Http404("No such step.")
    index = steps.index(current)
    context = checklist_context(request, guide)
    context["step_states"] = [s for s in context["states"] if s.item.step_id == current.pk]
    context |= {
        "guide": guide,
        "step": steps_with_details(guide).get(pk=current.pk),
        "number": index + 1,
        "total": len(steps),
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
    }
    return render(request, "guide/step.html", context)


@require_GET
def checklist(request):
    guide = Guide.objects.current_or_404()
    context = {"guide": guide} | checklist_context(request, guide)
    return render(request, "guide/checklist.html", context)


@require_POST
def tick(request, slug):
    """Set one item's state. A plain POST redirects back; htmx gets the changed regions."""
    guide = Guide.objects.current_or_404()
    item = get_object_or_404(ChecklistItem.objects.for_guide(guide), slug=slug)
    form = TickForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", {"reason": "Unknown state."}, status=400)
    changed = progress.set_state(request, item, form.cleaned_data["state"])
    if not request.htmx:
        return redirect(safe_next(request, form.cleaned_data["next"]) or "guide:checklist")
    context = checklist_context(request, guide) | {"entry": changed, "oob": True}
    return render(request, "guide/checklist.html#tick-response", context)


def safe_next(request, target):
    """The page to go back to, only if it is on this site."""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_GET
def print_view(request):
    guide = Guide.objects.current_or_404()
    steps = list(steps_with_details(guide))
    sources = sorted({source for s in steps for source in s.sources.all()}, key=str)
    context = {
        "guide": guide,
        "steps": steps,
        "sources": sources,
        "site_address": site_address(request),
    }
    return render(request, "guide/print.html", context)


# The signed token is the authority here, and mail clients' one-click opt-out
# (RFC 8058) posts without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def reminders_off(request, token):
    try:
        user_pk = reminders.user_pk_from_token(token)
    except signing.BadSignature:
        return render(
            request, "400.html", {"reason": "This opt-out link is not valid."}, status=400
        )
    user = get_object_or_404(get_user_model(), pk=user_pk)
    if request.method == "POST":
        user.reminders_enabled = False
        user.save(update_fields=["reminders_enabled"])
    return render(request, "guide/reminders_off.html", {"person": user})
