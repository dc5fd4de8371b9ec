"""Who is who: the member list and its CSV, and one colleague's mail history.

With a staff list, the list is the staff list — everyone the figures count, with or
without an account — filtered by campaign status, department, country or a search: the
colleagues to chase. Without one, it lists the accounts whose owners proved an address.
"""

import datetime

from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.models import Colleague
from guide import progress
from guide.page_cache import current_guide_or_404

from . import adoption, campaigns
from .access import champion_only
from .forms import MemberFilterForm, StaffFilterForm
from .models import Mail
from .spreadsheets import csv_response

MEMBERS_PER_PAGE = 50


def has_staff_list() -> bool:
    return Colleague.objects.filter(active=True).exists()


def headers_for(columns, sort):
    return [
        {
            "label": label,
            "sort": f"-{key}" if sort == key else key,
            "aria_sort": "ascending" if sort == key else "descending" if sort == f"-{key}" else "",
        }
        for key, label in columns
    ]


# --- The staff list ---------------------------------------------------------------------------


def staff_rows(request, guide):
    """The staff list's colleagues for the list and its export, and the form that filtered
    them."""
    active = Colleague.objects.filter(active=True).order_by()
    form = StaffFilterForm(
        request.GET,
        departments=sorted(set(active.values_list("department", flat=True))),
        countries=sorted(set(active.values_list("country", flat=True))),
    )
    required = progress.required_items(guide).count()
    campaign = form.value("campaign")
    people = campaigns.members(campaign) if campaign else active
    people = campaigns.with_progress(people, guide).annotate(last_reminded=Max("mails__sent_at"))
    status = form.value("status")
    if status == "stale":
        people = people.filter(progress.has_stale_q())
    elif status == "unfinished":
        people = people.exclude(progress.finished_q(required))
    elif status in progress.Status.values:
        if campaign:
            people = people.filter(campaigns.status_filter(campaign, status, required))
        else:  # without a due date nobody is overdue
            people = people.filter(progress.status_q(status, required, past_due=False))
    for name in ("department", "country"):
        if form.value(name) is not None:
            people = people.filter(**{name: form.value(name)})
    if query := form.value("q"):
        people = people.filter(Q(email__icontains=query) | Q(name__icontains=query))
    people = people.select_related("user").order_by(*form.ordering()[1])
    return people, required, form, campaign


def status_for(state, campaign, today) -> progress.Status:
    """A row's status: against the campaign's due date, or (none chosen) a date that never
    comes, so that nobody is overdue."""
    due_on = campaign.due_on if campaign is not None else datetime.date.max
    return progress.Status(progress.status_of(state, due_on, today))


def staff_page(request, guide):
    people, required, form, campaign = staff_rows(request, guide)
    page = Paginator(people, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for person in page:
        state = progress.progress_of_counts(person.reviewed, required, person.ticked, person.stale)
        person.status = status_for(state, campaign, today)
    columns = [
        ("member", _("Colleague")),
        ("department", _("Department")),
        ("country", _("Country")),
        ("reviewed", _("Reviewed")),
        ("stale", _("To re-check")),
        ("active", _("Last active")),
        ("reminded", _("Last reminded")),
    ]
    context = {
        "guide": guide,
        "page": page,
        "required": required,
        "form": form,
        "campaign": campaign,
        "headers": headers_for(columns, form.ordering()[0]),
    }
    return render(request, "champions/staff.html", context)


# --- Accounts, without a staff list ---------------------------------------------------------


def member_rows(request, guide):
    """Members for the list and its export, filtered by ?state= and ?q=."""
    form = MemberFilterForm(request.GET)
    query, state = form.filters()
    required = progress.required_items(guide).count()
    _sort, order = form.ordering()
    people = (
        adoption.members_with_progress(guide)
        .annotate(last_reminded=Max("mails__sent_at"))
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
    if has_staff_list():
        return staff_page(request, guide)
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
    context = {
        "guide": guide,
        "page": page,
        "required": required,
        "form": form,
        "headers": headers_for(columns, form.ordering()[0]),
    }
    return render(request, "champions/members.html", context)


@require_GET
@champion_only("guide.view_member_progress")
def members_csv(request):
    guide = current_guide_or_404()
    if has_staff_list():
        return staff_csv(request, guide)
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


def staff_csv(request, guide):
    people, required, _form, campaign = staff_rows(request, guide)
    today = timezone.localdate()

    def rows():
        yield ["email", "name", "department", "country", "manager", "status", "reviewed",
               "required", "stale", "last reminded"]  # fmt: skip
        columns = ["email", "name", "department", "country", "manager", "reviewed", "stale",
                   "ticked", "last_reminded"]  # fmt: skip
        for row in people.values_list(*columns).iterator(chunk_size=2000):
            email, name, department, country, manager, reviewed, stale, ticked, reminded = row
            state = progress.progress_of_counts(reviewed, required, ticked, stale)
            if campaign is not None:
                status = progress.status_of(state, campaign.due_on, today)
            elif state.finished:
                status = progress.Status.FINISHED
            else:
                status = (
                    progress.Status.IN_PROGRESS if state.started else progress.Status.NOT_STARTED
                )
            yield [email, name, department, country, manager, status.value, reviewed, required,
                   stale, reminded.date().isoformat() if reminded else ""]  # fmt: skip

    return csv_response("members.csv", rows())


@require_GET
@champion_only("guide.view_member_progress")
def colleague_page(request, pk):
    """One colleague: where they stand, and every mail sent to them (what, when)."""
    guide = current_guide_or_404()
    colleague = get_object_or_404(Colleague.objects.select_related("user"), pk=pk)
    mails = Mail.objects.filter(Q(colleague=colleague) | Q(user__colleague=colleague))
    context = {
        "guide": guide,
        "colleague": colleague,
        "mails": mails.select_related("campaign").order_by("-queued_at")[:200],
        "memberships": colleague.memberships.select_related("campaign").order_by("-pk"),
    }
    return render(request, "champions/colleague.html", context)
