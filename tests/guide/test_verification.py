"""A champion knows when to look again: each step's last verification and its age in the
admin, the steps due on the dashboard, and "Mark as verified today" that leaves ticks be."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from accounts import personal_data
from guide import verification
from guide.models import ChecklistItem, Step
from tests.factories import ChampionFactory, TickFactory, UserFactory

TODAY = timezone.localdate


def verified(step, days_ago):
    """Set the step's date in every language to `days_ago` days before today."""
    when = TODAY() - datetime.timedelta(days=days_ago)
    Step.objects.filter(pk=step.pk).update(last_verified_en=when, last_verified_de=when)
    from guide import page_cache

    page_cache.content_changed()  # as an admin save does
    return when


def editor(client, **extra):
    user = UserFactory(is_staff=True, is_superuser=True, **extra)
    client.force_login(user)
    return user


def test_verify_every_days_is_read_from_the_environment(settings_from_env):
    assert settings_from_env()["VERIFY_EVERY_DAYS"] == 90
    assert settings_from_env(VERIFY_EVERY_DAYS="30")["VERIFY_EVERY_DAYS"] == 30
    with pytest.raises(ImproperlyConfigured, match="VERIFY_EVERY_DAYS must be a whole number"):
        settings_from_env(VERIFY_EVERY_DAYS="quarterly")


def test_a_step_is_due_once_any_language_is_older_than_verify_every_days(guide, settings):
    settings.VERIFY_EVERY_DAYS = 30
    first, second, third = guide.steps.order_by("order")[:3]
    verified(first, 30)  # exactly 30 days: not yet
    verified(second, 31)
    verified(third, 1)
    Step.objects.filter(pk=third.pk).update(last_verified_de=TODAY() - datetime.timedelta(days=45))
    due = verification.due(guide)
    assert [step.slug for step in due] == [second.slug, third.slug]
    assert [step.verification.days for step in due] == [31, 45]  # the oldest language counts
    tomorrow = TODAY() + datetime.timedelta(days=1)
    assert first.slug in [step.slug for step in verification.due(guide, today=tomorrow)]


def test_the_step_list_shows_each_date_with_its_age_and_flags_the_old_in_words(
    client, guide, settings
):
    settings.VERIFY_EVERY_DAYS = 90
    old, recent = guide.steps.order_by("order")[:2]
    old_date = verified(old, 120)
    verified(recent, 10)
    editor(client)
    page = client.get("/admin/guide/step/").content.decode()
    assert "Last verified" in page
    assert "10 days ago" in page
    flagged = f'<strong class="verification-due">Due: {old_date:%-d %b %Y}'
    assert flagged + ", 120 days ago</strong>" in page
    assert page.count('class="verification-due"') == 1
    assert 'href="/static/css/admin.css"' in page

    due_only = client.get("/admin/guide/step/?verification=due").content.decode()
    assert old.title in due_only and recent.title not in due_only


def test_mark_as_verified_today_records_who_and_when_and_leaves_ticks_be(client, guide):
    colleague = UserFactory()
    item = guide.items.get(slug="ai-training")
    TickFactory(user=colleague, item=item, updated_at=timezone.now() - datetime.timedelta(days=9))
    steps = list(guide.steps.order_by("order")[:2])
    for step in steps:
        verified(step, 200)
    champion = editor(client)
    response = client.post(
        "/admin/guide/step/",
        {"action": "mark_verified", "_selected_action": [step.pk for step in steps]},
        follow=True,
    )
    assert "2 steps marked as verified today. Colleagues’ ticks stay as they are." in (
        response.content.decode()
    )
    for step in steps:
        step.refresh_from_db()
        assert step.last_verified_en == step.last_verified_de == TODAY()
        assert step.verified_by == champion
        entry = LogEntry.objects.get(object_id=str(step.pk), user=champion)
        assert entry.get_change_message() == "Marked as verified today."
    assert ChecklistItem.objects.get(pk=item.pk).revised is None  # not a material change
    assert not {s.pk for s in verification.due(guide)} & {s.pk for s in steps}
    client.force_login(colleague)
    assert 'data-item="ai-training" data-state="done"' in client.get("/checklist/").content.decode()


def test_the_button_on_a_steps_page_marks_that_step_verified(client, guide):
    step = guide.steps.first()
    verified(step, 200)
    champion = editor(client)
    page = client.get(f"/admin/guide/step/{step.pk}/change/").content.decode()
    assert f'action="/admin/guide/step/{step.pk}/verify/"' in page
    assert '<strong class="verification-due">Due:' in page  # the read-only display
    assert client.get(f"/admin/guide/step/{step.pk}/verify/").status_code == 405

    response = client.post(f"/admin/guide/step/{step.pk}/verify/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/guide/step/{step.pk}/change/"
    step.refresh_from_db()
    assert step.last_verified_en == TODAY() and step.verified_by == champion
    page = client.get(response["Location"]).content.decode()
    assert "1 step marked as verified today." in page
    assert f"(marked by {champion})" in page
    assert client.post("/admin/guide/step/999999/verify/").status_code == 404


def test_only_who_may_change_steps_can_mark_them_verified(client, guide):
    step = guide.steps.first()
    before = verified(step, 200)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_step"))
    client.force_login(viewer)
    assert client.post(f"/admin/guide/step/{step.pk}/verify/").status_code == 403
    page = client.get(f"/admin/guide/step/{step.pk}/change/").content.decode()
    assert "/verify/" not in page
    client.post("/admin/guide/step/", {"action": "mark_verified", "_selected_action": [step.pk]})
    step.refresh_from_db()
    assert step.last_verified_en == before


def test_readers_see_the_new_date_at_once(client, guide):
    step = guide.steps.first()
    old = verified(step, 200)
    assert f'datetime="{old:%Y-%m-%d}"' in client.get(step.get_absolute_url()).content.decode()
    verification.mark_verified([step], UserFactory())
    page = client.get(step.get_absolute_url()).content.decode()
    assert f'datetime="{TODAY():%Y-%m-%d}"' in page


def test_the_dashboard_names_the_steps_due_and_links_to_the_admin(client, guide, settings):
    settings.VERIFY_EVERY_DAYS = 90
    for step in guide.steps.all():
        verified(step, 5)
    step = guide.steps.order_by("order")[1]
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    assert "data-verification-due" not in client.get("/dashboard/").content.decode()

    old = verified(step, 100)
    page = client.get("/dashboard/").content.decode()
    assert 'data-verification-due="1"' in page
    assert "A step is due for another look" in page
    assert "for more than 90 days" in page
    link = f'<a href="{step.get_absolute_url()}">{step.title}</a>'
    assert f'<li data-step="{step.slug}">{link}' in page
    assert f'last verified <time datetime="{old:%Y-%m-%d}">' in page and "100 days ago" in page
    assert "/admin/guide/step/" not in page  # this champion cannot edit the guide
    assert "Ask a colleague who edits the guide" in page

    editor = ChampionFactory(permissions=["view_dashboard", "change_step", "view_step"])
    client.force_login(editor)
    page = client.get("/dashboard/").content.decode()
    assert f'href="/admin/guide/step/{step.pk}/change/"' in page
    assert 'href="/admin/guide/step/?verification=due"' in page

    client.post(f"/admin/guide/step/{step.pk}/verify/")
    assert "data-verification-due" not in client.get("/dashboard/").content.decode()


def test_the_dashboard_says_it_in_german(client, guide):
    step = guide.steps.first()
    verified(step, 100)
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Ein Schritt ist zur erneuten Prüfung fällig" in page
    assert step.title_de in page and "vor 100 Tagen" in page


def test_the_champions_own_export_names_the_steps_they_verified(guide):
    champion = UserFactory()
    step = guide.steps.first()
    verification.mark_verified([step], champion)
    exported = personal_data.export(champion)
    assert exported["steps_verified"] == [
        {"step": step.slug, "title": step.title, "last_verified": TODAY().isoformat()}
    ]
    assert "steps_verified" not in personal_data.export(UserFactory())


def test_deleting_the_champions_account_keeps_the_step(guide):
    champion = UserFactory()
    step = guide.steps.first()
    verification.mark_verified([step], champion)
    champion.delete()
    step.refresh_from_db()
    assert step.verified_by is None and step.last_verified_en == TODAY()
