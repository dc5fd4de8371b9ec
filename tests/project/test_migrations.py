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
    # (app, None) unapplies the whole app: the state is that of the other targets.
    return executor.loader.project_state([t for t in targets if t[1]]).apps


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


def test_an_upgrade_keeps_the_staff_list_ticks_summaries_reminders_and_admin_history():
    """The staff list and the reminder log moved app (directory, champions): an upgraded
    site keeps every row, and permissions and admin log entries still point at them."""
    before = [
        ("accounts", "0011_colleague_emails_in_lower_case"),
        ("guide", "0011_translated_names"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("directory", None),  # before the apps the models moved to
        ("champions", None),
    ]
    apps = migrate(before)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("accounts", "User")
    guide = apps.get_model("guide", "Guide").objects.create(
        slug="g", title="G", intro="i", last_verified="2026-11-01"
    )
    item = apps.get_model("guide", "ChecklistItem").objects.create(
        guide=guide, slug="a", order=1, title="A", summary="s"
    )
    champion = User.objects.create(username="champ@example.com", email="champ@example.com")
    anna = User.objects.create(username="anna@example.com", email="anna@example.com")
    row = apps.get_model("accounts", "Colleague").objects.create(
        email="anna@example.com", name="Anna", department="Sales", country="DE", user=anna
    )
    apps.get_model("accounts", "Colleague").objects.create(email="ben@example.com")
    apps.get_model("guide", "Tick").objects.create(user=anna, item=item, state="done")
    apps.get_model("guide", "ProgressSummary").objects.create(
        user=anna, guide=guide, reviewed=1, ticked=1
    )
    apps.get_model("guide", "Reminder").objects.create(user=anna)
    colleague_type = ContentType.objects.get(app_label="accounts", model="colleague")
    champion.user_permissions.add(
        Permission.objects.get(content_type=colleague_type, codename="change_colleague")
    )
    apps.get_model("admin", "LogEntry").objects.create(
        user=champion,
        content_type=colleague_type,
        object_id=str(row.pk),
        object_repr="Anna <anna@example.com>",
        action_flag=2,
        change_message="[]",
    )

    apps = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Colleague = apps.get_model("directory", "Colleague")
    assert sorted(Colleague.objects.values_list("email", "user_id")) == [
        ("anna@example.com", anna.pk),
        ("ben@example.com", None),
    ]
    assert apps.get_model("guide", "Tick").objects.get().user_id == anna.pk
    assert apps.get_model("guide", "ProgressSummary").objects.get().reviewed == 1
    sent = apps.get_model("champions", "Mail").objects.get()  # the reminder, in the mail log
    assert (sent.user_id, sent.kind, sent.status) == (anna.pk, "reminder", "sent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    moved = ContentType.objects.get(app_label="directory", model="colleague")
    assert moved.pk == colleague_type.pk  # the same row: nothing points at a lost type
    assert not ContentType.objects.filter(app_label="accounts", model="colleague").exists()
    entry = apps.get_model("admin", "LogEntry").objects.get()
    assert (entry.content_type_id, entry.object_id) == (moved.pk, str(row.pk))
    permission = apps.get_model("auth", "Permission").objects.get(codename="change_colleague")
    assert permission.content_type_id == moved.pk
    assert (
        apps.get_model("accounts", "User")
        .objects.get(pk=champion.pk)
        .user_permissions.filter(pk=permission.pk)
        .exists()
    )
    assert not ContentType.objects.filter(app_label="guide", model="reminder").exists()


def test_material_changes_marked_before_the_changes_page_get_an_entry_each():
    apps = migrate([("guide", "0012_reminders_move_to_champions")])
    guide = apps.get_model("guide", "Guide").objects.create(
        slug="g", title="G", intro="i", last_verified="2026-11-01"
    )
    ChecklistItem = apps.get_model("guide", "ChecklistItem")
    first = timezone.make_aware(datetime.datetime(2026, 11, 20, 9))
    second = timezone.make_aware(datetime.datetime(2026, 11, 28, 9))
    changed = ChecklistItem.objects.create(
        guide=guide, slug="a", order=1, title="A", summary="s", revised=second,
        previous_revised=first, undoable=True,
    )  # fmt: skip
    ChecklistItem.objects.create(guide=guide, slug="b", order=2, title="B", summary="s")

    apps = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    GuideChange = apps.get_model("guide", "GuideChange")
    entries = GuideChange.objects.order_by("-date", "-pk")
    assert list(entries.values_list("date", "kind", "item_id", "summary_en")) == [
        (datetime.date(2026, 11, 28), "material_change", changed.pk, ""),
        (datetime.date(2026, 11, 20), "material_change", changed.pk, ""),
    ]
