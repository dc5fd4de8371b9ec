"""The champion's pages: adoption figures, the member list and their CSV exports, the
share page with its poster, and the one opt-out page every mail links to."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.links import absolute_url
from guide import progress, verification
from guide.models import ChecklistItem
from guide.page_cache import current_guide, current_guide_or_404

from . import charts, counting, mail, outbox, share, tasks
from .access import champion_only
from .models import Mail
from .spreadsheets import csv_response


def counted_or_404(guide):
    """The figures for a CSV: counted in the request itself if the worker has not yet."""
    counted = counting.counted(guide, tasks.ask_for_recount)
    if counted is None:
        raise Http404(_("The figures are being counted: try again in a minute."))
    return counted


@require_GET
@champion_only("guide.view_dashboard")
def dashboard_page(request):
    guide = current_guide_or_404()
    counted = counting.counted(guide, tasks.ask_for_recount)
    context = {
        "guide": guide,
        "counted": counted,
        "recount_minutes": -(-settings.DASHBOARD_SECONDS // 60),  # rounded up
        "can_see_members": request.user.has_perm("guide.view_member_progress"),
        "can_start_campaigns": request.user.has_perm("champions.add_campaign"),
        "verification": verification.reminder(guide),  # champions/_verification_due.html
    }
    if counted is not None:
        figures, company = counted.figures, counted.company
        context |= {
            "counted_at": counted.at,
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
        }
    return render(request, "champions/dashboard.html", context)


@require_GET
@champion_only("guide.view_dashboard")
def figures_csv(request):
    guide = current_guide_or_404()
    figures = counted_or_404(guide).figures

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
    company = counted_or_404(guide).company
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


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def confirmation(request):
    """A finisher's dated confirmation, on screen and, if they want, by mail."""
    guide = current_guide_or_404()
    items = list(ChecklistItem.objects.for_guide(guide))
    states = progress.states_of_user(request.user, items)
    finished = progress.progress_of(states).finished
    if request.method == "POST":
        if not finished:
            raise BadRequest(_("The checklist is not finished yet."))
        outbox.queue(
            [Mail(kind=Mail.Kind.CONFIRMATION, user=request.user, occasion=timezone.localdate())]
        )
        tasks.send_ready_mail()
        messages.success(
            request,
            _("The confirmation is on its way to %(email)s.") % {"email": request.user.email},
        )
        return redirect("champions:confirmation")
    reviewed = [state for state in states if state.reviewed]
    context = {
        "guide": guide,
        "finished": finished,
        "reviewed": reviewed,
        "finished_on": max((state.updated_at for state in reviewed), default=None),
    }
    return render(request, "champions/confirmation.html", context)
