"""A champion's campaigns: start one, watch it against its due date, change its calendar,
see what went out."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.models import Colleague
from guide.page_cache import current_guide_or_404

from . import campaigns, counting, outbox, tasks
from .access import champion_only
from .forms import CampaignForm, ScheduleForm
from .models import Campaign, Mail, days_text
from .spreadsheets import csv_response


def staff_list_values():
    active = Colleague.objects.filter(active=True).order_by()
    return {
        "departments": sorted(set(active.values_list("department", flat=True))),
        "countries": sorted(set(active.values_list("country", flat=True))),
    }


@require_GET
@champion_only("guide.view_dashboard")
def campaign_list(request):
    context = {
        "campaigns": Campaign.objects.all(),
        "can_start": request.user.has_perm("champions.add_campaign"),
        "today": timezone.localdate(),
    }
    return render(request, "champions/campaigns.html", context)


@require_http_methods(["GET", "POST"])
@champion_only("champions.add_campaign")
def campaign_new(request):
    guide = current_guide_or_404()
    form = CampaignForm(request.POST or None, **staff_list_values())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = campaigns.create(
            data["name"],
            guide,
            due_on=data["due_on"],
            starts_on=data["starts_on"],
            departments=data["departments"],
            countries=data["countries"],
            created_by=request.user,
        )
        tasks.start_campaign.enqueue(campaign.pk)  # the worker queues the invitations
        messages.success(
            request,
            _("Campaign “%(name)s” created: %(count)s colleagues are in it.")
            % {"name": campaign.name, "count": campaign.memberships.count()},
        )
        return redirect(campaign)
    context = {"form": form, "has_staff_list": Colleague.objects.filter(active=True).exists()}
    return render(request, "champions/campaign_new.html", context)


def campaign_or_404(pk):
    return get_object_or_404(Campaign.objects.select_related("guide"), pk=pk)


@require_GET
@champion_only("guide.view_dashboard")
def campaign_page(request, pk):
    campaign = campaign_or_404(pk)
    context = campaign_context(request, campaign) | {
        "schedule_form": ScheduleForm(instance=campaign),
    }
    return render(request, "champions/campaign.html", context)


def campaign_context(request, campaign):
    counted = counting.counted(campaign.guide, tasks.ask_for_recount)
    figures = counted.campaign(campaign.pk) if counted else None
    if figures is None:  # not counted yet (a new campaign): count this one now
        figures = campaigns.figures(campaign)
    return {
        "campaign": campaign,
        "figures": figures,
        "departments": campaigns.by_finished(figures.by_department),
        "countries": campaigns.by_finished(figures.by_country),
        "mail": outbox.progress_of(campaign.mails.all()),
        "mail_by_kind": mail_by_kind(campaign),
        "schedule": {
            "reminders": days_text(campaign.reminder_days),
            "overdue": days_text(campaign.overdue_days),
            "digests": days_text(campaign.digest_days),
        },
        "can_change": request.user.has_perm("champions.change_campaign"),
        "can_see_members": request.user.has_perm("guide.view_member_progress"),
        "overdue": campaign.is_overdue(),
    }


def mail_by_kind(campaign):
    """[(kind label, sent, queued, failed)] for the campaign's page."""
    rows = []
    for kind in Mail.Kind:
        counts = outbox.progress_of(campaign.mails.filter(kind=kind))
        if any(counts.values()):
            rows.append((kind.label, counts["sent"], counts["queued"], counts["failed"]))
    return rows


@require_POST
@champion_only("champions.change_campaign")
def campaign_schedule(request, pk):
    campaign = campaign_or_404(pk)
    form = ScheduleForm(request.POST, instance=campaign)
    if form.is_valid():
        form.save()
        messages.success(request, _("The calendar is changed."))
        return redirect(campaign)
    context = campaign_context(request, campaign) | {"schedule_form": form}
    return render(request, "champions/campaign.html", context, status=400)


@require_GET
@champion_only("guide.view_dashboard")
def campaign_csv(request, pk, grouping):
    campaign = campaign_or_404(pk)
    figures = campaign_context(request, campaign)["figures"]
    groups = {"departments": figures.by_department, "countries": figures.by_country}
    if grouping not in groups:
        raise Http404(_("No such table."))
    statuses = [status for status, _label, _count, _percent in figures.total.rows]

    column = {"departments": "department", "countries": "country"}[grouping]

    def rows():
        yield [column, "people", *[f"{prefix}{s}" for s in statuses for prefix in ("", "% ")]]
        for group in [*groups[grouping], figures.total]:
            counts = [(group.count(status), group.percent(status)) for status in statuses]
            yield [group.name, group.people, *[value for pair in counts for value in pair]]

    return csv_response(f"campaign-{campaign.pk}-{grouping}.csv", rows())
