from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import progress, reminders, share
from .models import ChecklistItem, Guide, Step, Tick


def current_guide():
    guide = Guide.objects.current()
    if guide is None:
        raise Http404("No guide has been loaded yet.")
    return guide


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


@require_GET
def landing(request):
    guide = Guide.objects.current()
    steps = list(guide.steps.only("slug", "title", "part", "order")) if guide else []
    context = {"guide": guide, "steps": steps, "parts": group_by_part(steps)}
    if guide:
        context |= checklist_context(request, guide)
    return render(request, "guide/landing.html", context)


@require_GET
def step(request, slug):
    guide = current_guide()
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
    guide = current_guide()
    context = {"guide": guide} | checklist_context(request, guide)
    return render(request, "guide/checklist.html", context)


@require_POST
def tick(request, slug):
    """Set one item's state. A plain POST redirects back; htmx gets the changed regions."""
    guide = current_guide()
    item = get_object_or_404(ChecklistItem.objects.for_guide(guide), slug=slug)
    state = request.POST.get("state")
    if state not in Tick.State.values:
        return render(request, "400.html", {"reason": "Unknown state."}, status=400)
    progress.set_state(request, item, state)
    if not request.htmx:
        return redirect(safe_next(request) or "guide:checklist")
    context = checklist_context(request, guide)
    changed = next(s for s in context["states"] if s.item.pk == item.pk)
    item_html = render_to_string(
        "guide/checklist.html#item", context | {"entry": changed}, request=request
    )
    progress_html = render_to_string(
        "guide/_progress.html", context | {"oob": True}, request=request
    )
    return HttpResponse(item_html + progress_html)


def safe_next(request):
    """The page to go back to, only if it is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_GET
def print_view(request):
    guide = current_guide()
    steps = list(steps_with_details(guide))
    sources = sorted({source for s in steps for source in s.sources.all()}, key=str)
    context = {
        "guide": guide,
        "steps": steps,
        "sources": sources,
        "site_address": site_address(request),
    }
    return render(request, "guide/print.html", context)


def site_address(request):
    """The address colleagues are sent: SITE_URL when set, else this request's own."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def share_context(request):
    address = site_address(request) + "/"
    return {
        "address": address,
        "message": share.message(address, settings.SITE_NAME),
        "qr": share.qr_svg(address),
    }


@require_GET
def share_page(request):
    return render(request, "guide/share.html", share_context(request))


@require_GET
def poster(request):
    context = share_context(request) | {"guide": Guide.objects.current()}
    return render(request, "guide/poster.html", context)


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


def group_by_part(steps):
    """[(part label, [steps])] in guide order, for the overview."""
    groups = []
    for step in steps:
        label = Step.Part(step.part).label
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(step)
    return groups


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers, 503 while it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")
