"""A manager's page: their team's progress in each campaign (everyone below them on the
staff list). Counts only, unless the company turned names on (MANAGERS_SEE_NAMES); a team
too small to tell people apart shows no figures at all."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from guide import progress

from . import campaigns, teams
from .models import Campaign


@require_GET
@login_required
@never_cache
def team_page(request):
    team = teams.team_of_user(request.user)
    size = team.count()
    today = timezone.localdate()
    rows = []
    if size >= teams.SMALLEST_TEAM_SHOWN:
        shown = Campaign.objects.filter(memberships__colleague__in=team).distinct()
        for campaign in shown.select_related("guide").order_by("-starts_on")[:6]:
            rows.append(team_figures(team, campaign, today))
    context = {
        "size": size,
        "smallest": teams.SMALLEST_TEAM_SHOWN,
        "campaigns": rows,
        "names": settings.MANAGERS_SEE_NAMES,
    }
    return render(request, "champions/team.html", context)


def team_figures(team, campaign, today):
    """The team's members in this campaign by status, as the dashboard counts them."""
    required = progress.required_items(campaign.guide).count()
    members = team.filter(memberships__campaign=campaign)
    counts = campaigns.with_progress(members, campaign.guide).aggregate(
        people=Count("pk"), **campaigns.count_statuses(members, campaign, required, today)
    )
    figures = campaigns.StatusCounts(
        kind="campaign",
        people=counts.pop("people"),
        counts=counts,
    )
    names = []
    if settings.MANAGERS_SEE_NAMES and figures.people >= teams.SMALLEST_TEAM_SHOWN:
        unfinished = campaigns.with_progress(members, campaign.guide).exclude(
            progress.finished_q(required)
        )
        names = [person.name or person.email for person in unfinished.order_by("name", "email")]
    return {"campaign": campaign, "figures": figures, "unfinished_names": names}
