"""guide/progress.py says what reviewed, stale, started and finished mean, twice: in
Python for one colleague's page and as queryset expressions for everyone. They agree."""

import datetime

import pytest
from django.utils import timezone

from accounts import proof
from champions import adoption
from guide import page_cache, progress, summaries
from guide.models import ChecklistItem
from tests.factories import (
    ChampionFactory,
    ChecklistItemFactory,
    GuideFactory,
    TickFactory,
    UserFactory,
)

NOW = timezone.now()
EARLIER = NOW - datetime.timedelta(days=10)


def without_required_items(db):
    """A guide whose only items are optional: there is nothing to finish."""
    guide = GuideFactory()
    ChecklistItemFactory.create_batch(2, guide=guide, optional=True)
    return guide


@pytest.fixture(params=["bundled", "optional only"])
def any_guide(request, db):
    if request.param == "bundled":
        return request.getfixturevalue("guide")
    return without_required_items(db)


def colleagues_in_every_state(guide):
    """{name: user} for every situation a colleague can be in on this guide."""
    items = list(guide.items.order_by("order"))
    required = [item for item in items if not item.optional]
    optional = [item for item in items if item.optional]

    def colleague(name, ticks):
        user = UserFactory(username=f"{name}@example.com")
        for item, state, when in ticks:
            TickFactory(user=user, item=item, state=state, updated_at=when)
        return user

    people = {
        "nothing ticked": colleague("idle", []),
        "only to do": colleague("undecided", [(i, "todo", NOW) for i in items[:1]]),
        "all done": colleague("done", [(i, "done", NOW) for i in required]),
        "done and not applicable": colleague(
            "mixed",
            [(i, "done", NOW) for i in required[:-1]]
            + [(i, "not_applicable", NOW) for i in required[-1:]],
        ),
        "partway": colleague("partway", [(i, "done", NOW) for i in required[:1]]),
        "stale": colleague("stale", [(i, "done", EARLIER) for i in items]),
        "optional only": colleague("optional", [(i, "done", NOW) for i in optional]),
        "everything": colleague("everything", [(i, "done", NOW) for i in items]),
    }
    # A material change on the first item makes the "stale" colleague's tick on it old.
    ChecklistItem.objects.filter(pk=items[0].pk).update(revised=NOW - datetime.timedelta(days=1))
    summaries.summarise(guide)  # as the admin action does
    page_cache.content_changed()  # as every admin save does
    return people


def python_progress(user, guide):
    items = list(ChecklistItem.objects.for_guide(guide))
    return progress.progress_of(progress.states_of_user(user, items))


def test_python_and_queryset_answers_agree_for_every_colleague(any_guide):
    people = colleagues_in_every_state(any_guide)
    required = progress.required_items(any_guide).count()
    annotated = {p.pk: p for p in progress.annotate_progress(proof.members(), any_guide)}
    for name, user in people.items():
        in_python = python_progress(user, any_guide)
        in_sql = progress.progress_of_annotated(annotated[user.pk], required)
        assert in_python == in_sql, name
        for state in progress.MEMBER_STATES:
            listed = progress.filter_by_member_state(
                progress.annotate_progress(proof.members(), any_guide), state, required
            ).filter(pk=user.pk)
            expected = {
                "not_started": not in_python.started,
                "in_progress": in_python.started and not in_python.finished,
                "finished": in_python.finished,
                "stale": in_python.stale > 0,
            }[state]
            assert listed.exists() == expected, (name, state)


def test_the_bundled_guide_finishes_who_reviewed_every_required_item(guide):
    people = colleagues_in_every_state(guide)
    finished = {name for name, user in people.items() if python_progress(user, guide).finished}
    assert finished == {"all done", "done and not applicable", "everything"}


def test_nobody_finishes_a_guide_without_required_items(db):
    guide = without_required_items(db)
    people = colleagues_in_every_state(guide)
    assert not any(python_progress(user, guide).finished for user in people.values())
    assert adoption.figures(guide).finished == 0


def test_dashboard_and_member_list_count_the_same_finished_colleagues(client, any_guide):
    people = colleagues_in_every_state(any_guide)
    client.force_login(ChampionFactory())
    dashboard = client.get("/dashboard/").context["figures"]
    listed = client.get("/dashboard/members/", {"state": "finished"}).context["page"]
    expected = sum(python_progress(user, any_guide).finished for user in people.values())
    assert dashboard.finished == listed.paginator.count == expected


def test_stored_progress_follows_every_tick_and_every_material_change(client, guide):
    from tests.factories import UserFactory as Colleague

    colleague = Colleague()
    client.force_login(colleague)
    for item in progress.required_items(guide):
        client.post(f"/checklist/{item.slug}/", {"state": "done"})
    assert adoption.figures(guide).finished == 1
    admin = Colleague(is_staff=True, is_superuser=True)
    client.force_login(admin)
    ai = guide.items.get(slug="ai-training")
    change = {"_selected_action": [ai.pk], "action": "mark_material_change", "post": "yes"}
    client.post("/admin/guide/checklistitem/", change)
    assert adoption.figures(guide).finished == 0  # the AI switch asks for a re-check
    client.post("/admin/guide/checklistitem/", {**change, "action": "undo_material_change"})
    assert adoption.figures(guide).finished == 1


def test_a_ticks_summary_counted_in_python_is_the_one_the_database_counts(any_guide):
    """The tick's write path counts the colleague's summary from the rows it read
    (summaries.summary_of); the recount of everyone counts in SQL. They agree."""
    from guide.models import ProgressSummary

    people = colleagues_in_every_state(any_guide)  # summarised in SQL
    items = list(ChecklistItem.objects.for_guide(any_guide))
    fields = ["reviewed", "stale", "ticked", "last_reviewed_at", "last_reviewed_week"]
    for name, user in people.items():
        stored = ProgressSummary.objects.filter(user=user, guide=any_guide).first()
        in_python = summaries.summary_of(
            user.pk, any_guide.pk, progress.states_of_user(user, items)
        )
        expected = [getattr(stored, f) for f in fields] if stored else [0, 0, 0, None, None]
        assert [getattr(in_python, f) for f in fields] == expected, name


def test_the_summary_a_tick_writes_is_the_one_a_recount_writes(any_guide):
    """The write path reads the items' rules and the ticks in plain SQL and counts in
    Python; for colleagues in every state, on either database, a recount in SQL agrees."""
    from guide import ticks
    from guide.models import ProgressSummary

    people = colleagues_in_every_state(any_guide)
    items = list(ChecklistItem.objects.for_guide(any_guide))
    fields = ["reviewed", "stale", "ticked", "last_reviewed_at", "last_reviewed_week"]
    for index, (name, user) in enumerate(people.items()):
        item = items[index % len(items)]
        written = ticks.record(user.pk, item, "done", NOW)
        after_tick = ProgressSummary.objects.get(user=user, guide=any_guide)
        summaries.summarise(any_guide, [user.pk])
        recounted = ProgressSummary.objects.get(user=user, guide=any_guide)
        assert [getattr(after_tick, f) for f in fields] == [
            getattr(recounted, f) for f in fields
        ], name
        # What the answer is drawn from: every ticked item, as the database now has it.
        assert written == {
            tick.item_id: (tick.state, tick.updated_at) for tick in user.ticks.all()
        }, name


def test_a_tick_writes_in_three_statements_inside_the_lock(
    client, guide, django_assert_num_queries
):
    """What holds SQLite's write lock: read the items' rules with the colleague's ticks,
    upsert the tick, upsert the summary (and the transaction's begin and end)."""
    from django.db import connection

    from guide import ticks
    from guide.models import Tick

    user = UserFactory()
    item = guide.items.get(slug="ai-training")
    inside = 3 + (2 if connection.vendor == "sqlite" else 3)  # BEGIN/COMMIT; PG locks the user
    with django_assert_num_queries(inside):
        ticks.record(user.pk, item, "done", NOW)
    assert Tick.objects.get(user=user, item=item).state == "done"
    summary = user.progress_summaries.get(guide=guide)
    assert (summary.reviewed, summary.ticked) == (1, 1)


def test_a_recount_of_everyone_is_one_pass_over_the_ticks_whatever_their_number(guide):
    """A material change recounts the whole company: one grouped read of the ticks, one of
    the stored summaries, one write, for three colleagues as for thirty (a correlated
    count per colleague took PostgreSQL hours at 100,000)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guide.models import ProgressSummary

    items = list(guide.items.order_by("order"))

    def recount_with(colleagues):
        for n in range(colleagues):
            user = UserFactory()
            for item in items[: n % len(items) + 1]:
                TickFactory(user=user, item=item, state="done", updated_at=NOW)
        with CaptureQueriesContext(connection) as queries:
            summaries.summarise(guide)
        return len(queries)

    assert recount_with(3) == recount_with(27) == 3
    assert ProgressSummary.objects.filter(guide=guide).count() == 30
