"""The champion's pages: adoption figures, the member list and their CSV exports, the
share page with its poster, and the one opt-out page every mail links to."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core import signing
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.links import absolute_url
from guide import progress, verification
from guide.page_cache import current_guide, current_guide_or_404

from . import adoption, charts, mail, share
from .forms import MemberFilterForm
from .spreadsheets import csv_response

MEMBERS_PER_PAGE = 50


def champion_only(permission):
    """Anonymous visitors go to log in; members without the permission get a 403."""

    def decorator(view):
        # Figures and names: never kept by a browser or a proxy.
        view = never_cache(permission_required(permission, raise_exception=True)(view))
        return login_required(view)

    return decorator


@require_GET
@champion_only("guide.view_dashboard")
def dashboard_page(request):
    guide = current_guide_or_404()
    counted = adoption.counted(guide)
    figures, company = counted.figures, counted.company
    context = {
        "guide": guide,
        "counted_at": counted.at,
        "recount_minutes": -(-settings.DASHBOARD_SECONDS // 60),  # rounded up
        "figures": figures,
        "chart": charts.chart(figures.weeks),
        "company": company,
        "growth": charts.growth_chart(company.weeks) if company else None,
        "company_tables": [
            (_("Departments"), _("Department"), "departments", company.departments),
            (_("Countries"), _("Country"), "countries", company.countries),
        ]
        if company
        else [],
        "can_see_members": request.user.has_perm("guide.view_member_progress"),
        "verification": verification.reminder(guide),  # champions/_verification_due.html
    }
    return render(request, "champions/dashboard.html", context)


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
    guide = current_guide_or_404()
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
    return render(request, "champions/members.html", context)


@require_GET
@champion_only("guide.view_dashboard")
def figures_csv(request):
    guide = current_guide_or_404()
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
    guide = current_guide_or_404()
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
    guide = current_guide_or_404()
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
    address = absolute_url("/", request)
    return {
        "address": address,
        "message": share.message(address, settings.SITE_NAME),
        "qr": share.qr_svg(address),
        "address_problem": share.address_problem(address, settings.SITE_URL),
    }


@require_GET
def share_page(request):
    return render(request, "champions/share.html", share_context(request))


@require_GET
def poster(request):
    context = share_context(request) | {"guide": current_guide()}
    return render(request, "champions/poster.html", context)


# The signed token is the authority here, and mail clients' one-click opt-out
# (RFC 8058) posts without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def mail_off(request, token):
    """Every mail of ours links here: one button stops them all. The page names nobody."""
    try:
        kind, pk = mail.person_from_token(token)
    except signing.BadSignature:
        raise BadRequest(_("This opt-out link is not valid.")) from None
    if request.method == "POST" and not mail.stop_mail(kind, pk):
        raise Http404(_("Nobody is known by this link any more."))
    receives = mail.receives_mail(kind, pk)
    if receives is None:
        raise Http404(_("Nobody is known by this link any more."))
    return render(request, "champions/mail_off.html", {"receives_mail": receives})
