"""The champion's pages: adoption figures, the member list and their CSV exports, and the
share page with its poster."""

import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import adoption, progress, share
from .forms import MemberFilterForm
from .models import Guide
from .views import site_address

MEMBERS_PER_PAGE = 50


def champion_only(permission):
    """Anonymous visitors go to log in; members without the permission get a 403."""

    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator


@require_GET
@champion_only("guide.view_dashboard")
def dashboard_page(request):
    guide = Guide.objects.current_or_404()
    counted = adoption.counted(guide)
    figures, company = counted.figures, counted.company
    context = {
        "guide": guide,
        "counted_at": counted.at,
        "recount_minutes": -(-settings.DASHBOARD_SECONDS // 60),  # rounded up
        "figures": figures,
        "chart": adoption.chart(figures.weeks),
        "company": company,
        "growth": adoption.growth_chart(company.weeks) if company else None,
        "company_tables": [
            (_("Departments"), _("Department"), "departments", company.departments),
            (_("Countries"), _("Country"), "countries", company.countries),
        ]
        if company
        else [],
        "can_see_members": request.user.has_perm("guide.view_member_progress"),
    }
    return render(request, "guide/dashboard.html", context)


def member_rows(request, guide):
    """Members for the list and its export, filtered by ?state= and ?q=."""
    form = MemberFilterForm(request.GET)
    query, state = form.filters()
    required = progress.required_items(guide).count()
    _sort, order = form.ordering()
    people = (
        adoption.members_with_progress(guide)
        .annotate(last_reminded=Max("reminders__sent_at"))
        .order_by(*order)
    )
    people = progress.filter_by_member_state(people, state, required)
    if query:
        people = people.filter(
            Q(email__icontains=query)
            | Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    return people, required, form


@require_GET
@champion_only("guide.view_member_progress")
def members_page(request):
    guide = Guide.objects.current_or_404()
    people, required, form = member_rows(request, guide)
    page = Paginator(people, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    columns = [
        ("member", _("Member")),
        ("reviewed", _("Reviewed")),
        ("stale", _("To re-check")),
        ("joined", _("Joined")),
        ("active", _("Last active")),
        ("reminded", _("Last reminded")),
    ]
    sort = form.ordering()[0]
    headers = [
        {
            "label": label,
            "sort": f"-{key}" if sort == key else key,
            "aria_sort": "ascending" if sort == key else "descending" if sort == f"-{key}" else "",
        }
        for key, label in columns
    ]
    context = {
        "guide": guide,
        "page": page,
        "required": required,
        "form": form,
        "headers": headers,
    }
    return render(request, "guide/members.html", context)


class Echo:
    """A file-like object that hands back what is written, for streaming CSV rows."""

    def write(self, value):
        return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, made plain text with a
    leading apostrophe (OWASP's advice), wherever the value came from."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename, rows, batch=500):
    """Stream rows as CSV, `batch` rows to a write: one socket write per row made a
    100,000-row export several times slower."""
    writer = csv.writer(Echo())

    def chunks():
        lines = []
        for row in rows:
            lines.append(writer.writerow([neutralise(cell) for cell in row]))
            if len(lines) >= batch:
                yield "".join(lines)
                lines = []
        if lines:
            yield "".join(lines)

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@champion_only("guide.view_dashboard")
def figures_csv(request):
    guide = Guide.objects.current_or_404()
    figures = adoption.counted(guide).figures

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


GROUPINGS = {"departments": "department", "countries": "country"}


@require_GET
@champion_only("guide.view_dashboard")
def groups_csv(request, grouping):
    guide = Guide.objects.current_or_404()
    company = adoption.counted(guide).company
    if company is None or grouping not in [*GROUPINGS, "weeks"]:
        raise Http404(_("No such table."))
    if grouping == "weeks":
        rows = [["week starting", "finished by then", "% of headcount"]]
        rows += [[week.isoformat(), count, percent] for week, count, percent in company.weeks]
        return csv_response("weeks.csv", rows)

    def rows():
        yield [GROUPINGS[grouping], "headcount", "invited", "signed in", "started", "finished",
               "% finished"]  # fmt: skip
        for group in [*getattr(company, grouping), company.total]:
            yield [group.name, group.headcount, group.invited, group.signed_in, group.started,
                   group.finished, group.finished_percent]  # fmt: skip

    return csv_response(f"{grouping}.csv", rows())


@require_GET
@champion_only("guide.view_member_progress")
def members_csv(request):
    guide = Guide.objects.current_or_404()
    people, required, _form = member_rows(request, guide)

    def rows():
        yield ["email", "name", "reviewed", "required", "stale", "finished", "joined"]
        # Plain tuples, not model instances: a third of the time at 100,000 rows.
        fields = ["email", "username", "first_name", "last_name", "date_joined"]
        columns = [*fields, "reviewed", "stale", "ticked"]
        for email, username, first, last, joined, reviewed, stale, ticked in people.values_list(
            *columns
        ).iterator(chunk_size=2000):
            finished = progress.progress_of_counts(reviewed, required, ticked, stale).finished
            name = f"{first} {last}".strip()  # as User.get_full_name()
            yield [email or username, name, reviewed, required, stale, finished,
                   joined.date().isoformat()]  # fmt: skip

    return csv_response("members.csv", rows())


def share_context(request):
    address = site_address(request) + "/"
    return {
        "address": address,
        "message": share.message(address, settings.SITE_NAME),
        "qr": share.qr_svg(address),
        "address_problem": share.address_problem(address, settings.SITE_URL),
    }


@require_GET
def share_page(request):
    return render(request, "guide/share.html", share_context(request))


@require_GET
def poster(request):
    context = share_context(request) | {"guide": Guide.objects.current()}
    return render(request, "guide/poster.html", context)
