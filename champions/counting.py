"""The dashboard's figures, kept in the shared cache and counted again by the worker.

Counting 100,000 colleagues takes about a second on SQLite: no request waits for it. A
visit reads what was counted last; when that is older than DASHBOARD_SECONDS (or there
is none yet, or the guide's content changed), it asks the worker for a recount — once,
however many visits ask — and shows what it has with the time it was counted.
DASHBOARD_SECONDS=0 counts in the request itself (tests, tiny sites).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from guide import page_cache
from guide.models import Guide

from . import adoption, campaigns
from .models import Campaign

# Raised whenever Counted or what it holds changes shape: a deploy must not read figures
# pickled by the version before it.
COUNTED_FORMAT = 3
KEPT_SECONDS = 24 * 3600
# Campaigns shown on the dashboard: the running ones and the last few ended.
RECENT_CAMPAIGNS = 6


@dataclass
class Counted:
    """Everything the dashboard and its CSVs show, and when it was counted."""

    figures: adoption.Figures
    company: adoption.CompanyFigures | None
    campaigns: list[campaigns.CampaignFigures]
    at: datetime.datetime = field(default_factory=timezone.now)

    def campaign(self, pk: int) -> campaigns.CampaignFigures | None:
        return next((found for found in self.campaigns if found.campaign.pk == pk), None)


def count(guide: Guide) -> Counted:
    shown = Campaign.objects.filter(guide=guide).select_related("guide")[:RECENT_CAMPAIGNS]
    return Counted(
        figures=adoption.figures(guide),
        company=adoption.company_figures(guide),
        campaigns=[campaigns.figures(campaign) for campaign in shown],
    )


def key(guide: Guide) -> str:
    return f"adoption:{COUNTED_FORMAT}:{guide.pk}:{page_cache.content_version()}"


def counted(guide: Guide, ask_for_recount) -> Counted | None:
    """What was counted last (None before the first count); `ask_for_recount(guide)` is
    called when it is due, at most once per DASHBOARD_SECONDS."""
    seconds = settings.DASHBOARD_SECONDS
    if not seconds:
        return count(guide)
    found = cache.get(key(guide))
    stale = found is None or found.at < timezone.now() - datetime.timedelta(seconds=seconds)
    if stale and cache.add(f"{key(guide)}:asked", True, seconds):
        ask_for_recount(guide)
        found = cache.get(key(guide)) or found  # a worker in this process counted already
    return found


def recount_now(guide_id: int) -> None:
    """Count and keep the figures (the worker's task)."""
    guide = Guide.objects.filter(pk=guide_id).first()
    if guide is not None:
        cache.set(key(guide), count(guide), KEPT_SECONDS)
        cache.delete(f"{key(guide)}:asked")
