"""The champion's pages: adoption figures, the member list, and their CSV exports."""

import csv
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import dashboard
from .views import current_guide

MEMBERS_PER_PAGE = 50


def permission(codename):
    """Anonymous visitors go to log in; members without the permission get a 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(f"guide.{codename}"):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@require_GET
@permission("view_dashboard")
def dashboard_page(request):
    guide = current_guide()
    figures = dashboard.figures(guide)
    context = {
        "guide": guide,
        "figures": figures,
        "chart": dashboard.chart(figures.weeks),
        "can_see_members": request.user.has_perm("guide.view_member_progress"),
    }
    return render(request, "guide/dashboard.html", context)


def member_rows(request, guide):
    """Members for the list and its export, filtered by ?state= and ?q=."""
    required = guide.items.filter(optional=False).count()
    people = dashboard.members_with_progress(guide).order_by("email", "username")
    state = request.GET.get("state", "")
    if state not in dashboard.MEMBER_STATES:
        state = ""
    people = dashboard.filter_by_state(people, state, required)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        people = people.filter(
            Q(email__icontains=query)
            | Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    return people, required, state, query


@require_GET
@permission("view_member_progress")
def members_page(request):
    guide = current_guide()
    people, required, state, query = member_rows(request, guide)
    page = Paginator(people, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "guide": guide,
        "page": page,
        "required": required,
        "state": state,
        "query": query,
        "states": dashboard.MEMBER_STATES,
    }
    return render(request, "guide/members.html", context)


class Echo:
    """A file-like object that hands back what is written, for streaming CSV rows."""

    def write(self, value):
        return value


def csv_response(filename, rows):
    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@permission("view_dashboard")
def figures_csv(request):
    guide = current_guide()
    figures = dashboard.figures(guide)

    def rows():
        yield ["figure", "value"]
        yield ["members", figures.members]
        yield ["started", figures.started]
        yield ["finished", figures.finished]
        yield ["stale ticks", figures.stale_ticks]
        yield []
        yield ["item", "optional", "done", "not applicable", "stale", "to do"]
        for row in figures.items:
            item = row.item
            yield [item.slug, item.optional, row.done, row.not_applicable, row.stale, row.todo]
        yield []
        yield ["week starting", "completions"]
        for week, count in figures.weeks:
            yield [week.isoformat(), count]

    return csv_response("adoption.csv", rows())


@require_GET
@permission("view_member_progress")
def members_csv(request):
    guide = current_guide()
    people, required, _, _ = member_rows(request, guide)

    def rows():
        yield ["email", "name", "reviewed", "required", "stale", "finished", "joined"]
        fields = ["email", "username", "first_name", "last_name", "date_joined"]
        for person in people.only(*fields).iterator(chunk_size=2000):
            yield [
                person.email or person.username,
                person.get_full_name(),
                person.reviewed,
                required,
                person.stale,
                person.reviewed >= required > 0,
                person.date_joined.date().isoformat(),
            ]

    return csv_response("members.csv", rows())
