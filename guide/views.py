from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Guide, Step


def current_guide():
    guide = Guide.objects.current()
    if guide is None:
        raise Http404("No guide has been loaded yet.")
    return guide


def steps_with_details(guide):
    return guide.steps.prefetch_related("labels", "sources")


@require_GET
def landing(request):
    guide = Guide.objects.current()
    steps = list(guide.steps.only("slug", "title", "part", "order")) if guide else []
    context = {"guide": guide, "steps": steps, "parts": group_by_part(steps)}
    return render(request, "guide/landing.html", context)


@require_GET
def step(request, slug):
    guide = current_guide()
    steps = list(guide.steps.only("slug", "title", "order"))
    current = next((s for s in steps if s.slug == slug), None)
    if current is None:
        raise Http404("No such step.")
    index = steps.index(current)
    context = {
        "guide": guide,
        "step": steps_with_details(guide).get(pk=current.pk),
        "number": index + 1,
        "total": len(steps),
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
    }
    return render(request, "guide/step.html", context)


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
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
