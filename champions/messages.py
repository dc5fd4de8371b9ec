"""What each queued mail says, built when the worker sends it (so that it is current: a
colleague who finished since it was queued gets nothing)."""

import datetime

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts import invitations as links
from accounts.links import absolute_url
from directory.models import Colleague
from guide import page_cache, progress
from guide.models import ChecklistItem, Guide
from guide.page_cache import current_guide

from . import campaigns, mail, teams
from .models import Mail


def build(row: Mail) -> mail.Mail | None:
    """The message for a row of the outbox, or None when it has nothing to say any more."""
    guide = row.campaign.guide if row.campaign_id else current_guide()
    if guide is None:
        return None
    if row.kind == Mail.Kind.DIGEST:
        return digest(row.colleague, row.campaign)
    if row.kind == Mail.Kind.CONFIRMATION:
        return confirmation(row.user or row.colleague.user, guide)
    if row.colleague_id is None:  # an account outside the staff list: a plain reminder
        return reminder(row.user, guide) if receives(None, row.user) else None
    colleague = row.colleague
    if not colleague.active or not receives(colleague, colleague.user):
        return None
    if finished(colleague.user, guide):
        return None
    if row.kind == Mail.Kind.INVITATION:
        return invitation(colleague, guide, row.campaign)
    return campaign_reminder(colleague, guide, row.campaign, overdue=row.kind == "overdue")


def receives(colleague: Colleague | None, user) -> bool:
    """Nobody who used the opt-out link gets anything."""
    if colleague is not None and colleague.opted_out:
        return False
    return user is None or user.reminders_enabled


def finished(user, guide: Guide) -> bool:
    if user is None:
        return False
    return progress.progress_of(progress.states_of_user(user, page_cache.items(guide))).finished


def prepare(rows: list[Mail]) -> None:
    """Before a batch goes: a fresh sign-in link for everyone in it who never signed in,
    written in one go (each mail then only reads it)."""
    needing = {
        row.colleague_id: row.colleague
        for row in rows
        if row.colleague_id is not None
        and row.colleague.user_id is None
        and row.kind not in (Mail.Kind.DIGEST, Mail.Kind.CONFIRMATION)
    }
    if needing:
        links.new_links(list(needing.values()), sent_at=timezone.now())
        for colleague in needing.values():
            colleague.fresh_link = True


def personal_link(colleague: Colleague) -> str:
    """A fresh single-use sign-in link for someone who never signed in (recorded as their
    invitation); the checklist for everyone else."""
    if colleague.user_id is not None:
        return absolute_url(reverse("guide:checklist"))
    if getattr(colleague, "fresh_link", False):
        token = links.token_for(colleague)
    else:
        token = links.new_link_token(colleague, sent_at=timezone.now())
    return absolute_url(reverse("invitation", args=[token]))


def invitation(colleague, guide, campaign=None) -> mail.Mail:
    """The personal invitation, with a fresh link (the checklist for someone signed in
    before)."""
    return invitation_message(colleague, guide, personal_link(colleague), campaign=campaign)


def campaign_reminder(colleague, guide, campaign, *, overdue=False) -> mail.Mail:
    items = page_cache.items(guide)
    if colleague.user_id is not None:
        states = progress.states_of_user(colleague.user, items)
    else:
        states = [progress.ItemState(item) for item in items]
    context = {
        "colleague": colleague,
        "guide": guide,
        "campaign": campaign,
        "overdue": overdue,
        "to_recheck": [s.item for s in states if s.stale],
        "left": [s.item for s in states if not s.reviewed and not s.stale and not s.item.optional],
        "checklist_url": personal_link(colleague),
        "signs_in": colleague.user_id is None,
    }
    return mail.build(
        "overdue" if overdue else "campaign-reminder",
        colleague.email,
        context,
        language=mail.language_for(colleague),
        opt_out=mail.opt_out_url(colleague=colleague),
    )


def digest(manager: Colleague, campaign) -> mail.Mail | None:
    """The manager's team in this campaign, by status; names only where allowed. Nothing
    when everyone has finished."""
    team = teams.team_of(manager.email).filter(memberships__campaign=campaign)
    required = progress.required_items(campaign.guide).count()
    annotated = campaigns.with_progress(team, campaign.guide)
    counts = annotated.aggregate(
        people=Count("pk"),
        **campaigns.count_statuses(team, campaign, required),
    )
    unfinished = counts["people"] - counts[progress.Status.FINISHED]
    if not unfinished or not receives(manager, manager.user):
        return None
    shown = counts["people"] >= teams.SMALLEST_TEAM_SHOWN
    names = []
    if settings.MANAGERS_SEE_NAMES:
        left = annotated.exclude(progress.finished_q(required)).order_by("name", "email")
        names = [person.name or person.email for person in left[:200]]
    context = {
        "manager": manager,
        "campaign": campaign,
        "guide": campaign.guide,
        "counts": [(status.label, counts[status]) for status in progress.Status] if shown else [],
        "people": counts["people"],
        "unfinished": unfinished,
        "smallest": teams.SMALLEST_TEAM_SHOWN,
        "names": names if shown else [],
        "team_url": absolute_url(reverse("champions:team")),
    }
    return mail.build(
        "digest",
        manager.email,
        context,
        language=mail.language_for(manager),
        opt_out=mail.opt_out_url(colleague=manager),
    )


def confirmation(user, guide: Guide) -> mail.Mail | None:
    """What the colleague switched off and reviewed, and when: theirs to keep."""
    if user is None or not user.email:
        return None
    states = progress.states_of_user(user, list(ChecklistItem.objects.for_guide(guide)))
    if not progress.progress_of(states).finished:
        return None
    context = {
        "guide": guide,
        "states": [s for s in states if s.reviewed],
        "finished_on": max(s.updated_at for s in states if s.reviewed),
        "checklist_url": absolute_url(reverse("guide:checklist")),
        "today": datetime.date.today(),
    }
    return mail.build(
        "confirmation",
        user.email,
        context,
        language=mail.language_for(user=user),
        opt_out=mail.opt_out_url(user=user),
    )


def invitation_message(
    colleague: Colleague,
    guide: Guide,
    link: str,
    *,
    campaign=None,
) -> mail.Mail:
    """The invitation with its personal link; in a campaign it names the due date."""
    context = {
        "colleague": colleague,
        "guide": guide,
        "link": link,
        "signs_in": colleague.user_id is None,
        "days": links.INVITATION_DAYS,
        "campaign": campaign,
    }
    return mail.build(
        "invitation",
        colleague.email,
        context,
        language=mail.language_for(colleague),
        opt_out=mail.opt_out_url(colleague=colleague),
    )


def preview(colleague: Colleague, guide: Guide) -> mail.Mail:
    """The invitation as it would go, with a link that signs nobody in."""
    return invitation_message(colleague, guide, absolute_url(reverse("invitation", args=["…"])))


def reminder(user, guide: Guide) -> mail.Mail:
    """The reminder: what is left and what to check again (titles are rendered in the
    mail's language)."""
    states = progress.states_of_user(user, list(ChecklistItem.objects.for_guide(guide)))
    context = {
        "user": user,
        "guide": guide,
        "to_recheck": [s.item for s in states if s.stale],
        "left": [s.item for s in states if not s.reviewed and not s.stale and not s.item.optional],
        "stale": any(s.stale for s in states),
        "checklist_url": absolute_url(reverse("guide:checklist")),
    }
    return mail.build(
        "reminder",
        user.email,
        context,
        language=mail.language_for(user=user),
        opt_out=mail.opt_out_url(user=user),
    )
