"""Upgrading a database that holds colleagues' ticks keeps and counts them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_ticks_from_before_the_summaries_are_counted_on_upgrade():
    before = [("guide", "0007_progress_summary"), ("accounts", "0006_colleague_country_index")]
    apps = migrate(before)
    User = apps.get_model("accounts", "User")
    Guide = apps.get_model("guide", "Guide")
    ChecklistItem = apps.get_model("guide", "ChecklistItem")
    Tick = apps.get_model("guide", "Tick")
    guide = Guide.objects.create(slug="g", title="G", intro="i", last_verified="2026-11-01")
    item = ChecklistItem.objects.create(guide=guide, slug="a", order=1, title="A", summary="s")
    anna = User.objects.create(username="anna@example.com", email="anna@example.com")
    ticked = timezone.make_aware(datetime.datetime(2026, 11, 26, 12))  # a Thursday
    Tick.objects.create(user=anna, item=item, state="done", updated_at=ticked)

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrate(latest)
    summary = apps.get_model("guide", "ProgressSummary").objects.get(user_id=anna.pk)
    assert (summary.reviewed, summary.ticked, summary.stale) == (1, 1, 0)
    assert summary.last_reviewed_week == datetime.date(2026, 11, 23)  # its Monday
    assert apps.get_model("guide", "ChecklistItem").objects.get(pk=item.pk).title_en == "A"
