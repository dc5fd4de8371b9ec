"""The colleague's pages: the walkthrough, the print view, the checklist and its ticks,
and what changed in the guide."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from accounts.clients import client_address
from accounts.links import absolute_url

from . import changes, page_cache, progress, ticks
from .forms import TickForm
from .models import Step, Tick
from .page_cache import current_guide_or_404


def steps_with_details(guide):
    return guide.steps.prefetch_related("labels", "sources")


def checklist_context(request, guide, states=None):
    """The colleague's items and progress, for any page that shows them (`states`: as a
    tick just wrote them, else read)."""
    items = page_cache.items(guide)
    states = states if states is not None else ticks.states_for(request, items)
    # The page the colleague is on, also when htmx asks for a fragment.
    page_path = (request.htmx and request.htmx.current_url_abs_path) or request.path
    page_path = page_path.split("#")[0]
    return {
        "states": states,
        "progress": progress.progress_of(states),
        "site_address": absolute_url("", request),
        "page_path": page_path,
        # Item titles sit under the page's h1 on the checklist, under an h2 elsewhere.
        "item_heading": 2 if page_path == reverse("guide:checklist") else 3,
    } | saved_message(request)


SAVED_TAG = "saved-item"


def saved_message(request):
    """The "Saved: …" confirmation of a plain-POST tick, taken out of the page's messages
    so that it shows at the item (where the redirect scrolls to) and not at the top."""
    stored = list(messages.get_messages(request))
    saved = [m for m in stored if SAVED_TAG in m.extra_tags.split()]
    if not saved:
        return {}
    slug = saved[-1].extra_tags.split()[-1]
    return {
        "saved": {"slug": slug, "text": saved[-1].message},
        "messages": [m for m in stored if m not in saved],
    }


@require_GET
@page_cache.whole_page_for_first_visits("landing-page")
def landing(request):
    guide = page_cache.current_guide()
    steps = page_cache.cached(
        "landing-steps",
        lambda: (
            list(guide.steps.only("slug", "title", "part", "order", "minutes")) if guide else []
        ),
    )
    context = {
        "guide": guide,
        "steps": steps,
        "content_version": page_cache.content_version(),
        # The promise on the page is the steps' own: what switching it off takes.
        "switch_off_minutes": sum(s.minutes for s in steps if s.part == Step.Part.SWITCH_OFF),
    }
    if guide:
        context |= checklist_context(request, guide)
        summaries = [
            progress.StepSummary(
                step, number, [s for s in context["states"] if s.item.step_id == step.pk]
            )
            for number, step in enumerate(steps, start=1)
        ]
        action, target = progress.next_action(summaries, context["progress"])
        context |= {"summaries": summaries, "action": action, "target": target}
    return personal(request, "landing", context, "guide/landing.html")


def step_data(guide, slug):
    """(every step, this one with its labels and sources), or None for an unknown slug."""
    steps = list(guide.steps.only("slug", "title", "order"))
    current = next((s for s in steps if s.slug == slug), None)
    if current is None:
        return None
    detail = steps_with_details(guide).get(pk=current.pk)
    list(detail.labels.all()), list(detail.sources.all())  # fetched now, cached with it
    return steps, detail


@require_GET
@page_cache.whole_page_for_first_visits("step-page")
def step(request, slug):
    guide = current_guide_or_404()
    found = page_cache.cached(f"step:{slug}", lambda: step_data(guide, slug))
    if found is None:
        raise Http404(_("No such step."))
    steps, detail = found
    index = next(n for n, s in enumerate(steps) if s.pk == detail.pk)
    context = checklist_context(request, guide)
    context["step_states"] = [s for s in context["states"] if s.item.step_id == detail.pk]
    context |= {
        "guide": guide,
        "content_version": page_cache.content_version(),
        "step": detail,
        "number": index + 1,
        "total": len(steps),
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
    }
    return personal(request, f"step:{slug}", context, "guide/step.html")


@require_GET
@cache_control(private=True)  # the colleague's own ticks: no shared cache keeps them
def checklist(request):
    guide = current_guide_or_404()
    context = {"guide": guide} | checklist_context(request, guide)
    return personal(request, "checklist", context, "guide/checklist.html")


def personal(request, name, context, template):
    """A page that shows the colleague's ticks, kept per state (page_cache.personal_page);
    one with messages to show is rendered for this request alone."""
    shows_messages = "saved" in context or any(messages.get_messages(request))
    key = None if shows_messages else context.get("states")
    return page_cache.personal_page(
        request,
        name,
        page_cache.states_key(key) if key is not None else None,
        lambda holes: render(request, template, context | holes),
    )


@require_POST
def tick(request, slug):
    """Set one item's state. A plain POST redirects back; htmx gets the changed regions."""
    guide = current_guide_or_404()
    item = next((item for item in page_cache.items(guide) if item.slug == slug), None)
    if item is None:
        raise Http404(_("No such item."))
    form = TickForm(request.POST)
    if not form.is_valid():
        raise BadRequest(_("Unknown state."))
    # Each tick without a session cookie stores a new session: not without limit.
    starts_a_session = not request.user.is_authenticated and not request.session.session_key
    if starts_a_session and not ticks.session_starts.allow(client_address(request)):
        return render(request, "429.html", status=429)
    state = form.cleaned_data["state"]
    if state == Tick.State.NOT_APPLICABLE and not item.can_be_not_applicable:
        reason = _("This setting applies to everyone: it cannot be marked not applicable.")
        raise BadRequest(reason)
    changed, now = ticks.set_state(request, item, state)
    if not request.htmx:
        label = Tick.State(state).label.lower()
        messages.success(
            request,
            _("Saved: %(item)s — %(state)s") % {"item": item.title, "state": label},
            extra_tags=f"{SAVED_TAG} {item.slug}",
        )
        back = safe_next(request, form.cleaned_data["next"]) or reverse("guide:checklist")
        return redirect(f"{back.split('#')[0]}#item-{item.slug}")
    # The colleague's states as the tick just wrote them: no second read; the answer is
    # kept per state like the pages (the page it came from is part of what it shows).
    context = checklist_context(request, guide, states=now) | {"entry": changed, "oob": True}
    name = f"tick:{item.slug}:{context['page_path']}"
    return personal(request, name, context, "guide/checklist.html#tick-response")


def safe_next(request, target):
    """The page to go back to, only if it is on this site."""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def print_data(guide):
    steps = list(steps_with_details(guide))
    sources = sorted({source for s in steps for source in s.sources.all()}, key=str)
    # Paper shows each address once: a later step on the same page points back.
    first_with_link = {}
    for number, step in enumerate(steps, start=1):
        if step.linkedin_url:
            step.link_step = first_with_link.setdefault(step.linkedin_url, number)
    return steps, sources


@require_GET
@page_cache.whole_page_for_first_visits("print-page")
def print_view(request):
    guide = current_guide_or_404()
    steps, sources = page_cache.cached("print", lambda: print_data(guide))
    context = {
        "guide": guide,
        "steps": steps,
        "sources": sources,
        "site_address": absolute_url("", request),
        "content_version": page_cache.content_version(),
    }
    return render(request, "guide/print.html", context)


@require_GET
@page_cache.whole_page_for_first_visits("changes-page")
def what_changed(request):
    """The guide's corrections and material changes, newest first: why an item asks for a
    re-check, and what was put right."""
    guide = current_guide_or_404()
    context = {
        "guide": guide,
        "changes": page_cache.cached("changes", lambda: changes.entries(guide)),
    }
    return render(request, "guide/changes.html", context)
