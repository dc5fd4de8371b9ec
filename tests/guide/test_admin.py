"""Champions edit the guide in the admin without a deploy."""

import datetime

from django.utils import timezone

from guide.models import ChecklistItem
from tests.factories import TickFactory, UserFactory


def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_marking_a_material_change_asks_first_then_sends_everyone_to_re_check(client, guide):
    colleague = UserFactory()
    item = guide.items.get(slug="ai-training")
    TickFactory(user=colleague, item=item, updated_at=timezone.now() - datetime.timedelta(hours=1))
    action = {"action": "mark_material_change", "_selected_action": [item.pk]}
    question = admin_client(client).post("/admin/guide/checklistitem/", action)
    assert "<strong>1 colleague</strong> will see “re-check”" in question.content.decode()
    assert ChecklistItem.objects.get(pk=item.pk).revised is None  # nothing happened yet
    response = client.post("/admin/guide/checklistitem/", {**action, "post": "yes"}, follow=True)
    assert "earlier ticks now ask for a re-check" in response.content.decode()
    assert ChecklistItem.objects.get(pk=item.pk).revised is not None
    client.force_login(colleague)
    page = client.get("/checklist/").content.decode()
    assert 'data-item="ai-training" data-state="stale"' in page


def test_a_material_change_can_be_undone(client, guide):
    colleague = UserFactory()
    item = guide.items.get(slug="ai-training")
    TickFactory(user=colleague, item=item, updated_at=timezone.now() - datetime.timedelta(hours=1))
    client = admin_client(client)
    action = {"_selected_action": [item.pk]}
    client.post("/admin/guide/checklistitem/", {**action, "action": "mark_material_change",
                                                 "post": "yes"})  # fmt: skip
    client.post("/admin/guide/checklistitem/", {**action, "action": "undo_material_change"})
    assert ChecklistItem.objects.get(pk=item.pk).revised is None
    earlier = timezone.now() - datetime.timedelta(days=3)
    ChecklistItem.objects.filter(pk=item.pk).update(revised=earlier)
    client.post("/admin/guide/checklistitem/", {**action, "action": "mark_material_change",
                                                 "post": "yes"})  # fmt: skip
    for _ in range(2):  # a second undo finds nothing more to undo
        client.post("/admin/guide/checklistitem/", {**action, "action": "undo_material_change"})
    assert ChecklistItem.objects.get(pk=item.pk).revised == earlier
    ChecklistItem.objects.filter(pk=item.pk).update(revised=None)
    client.force_login(colleague)
    assert 'data-item="ai-training" data-state="done"' in client.get("/checklist/").content.decode()


def test_slugs_are_read_only_once_created(client, guide):
    client = admin_client(client)
    step = guide.steps.first()
    page = client.get(f"/admin/guide/step/{step.pk}/change/").content.decode()
    assert 'name="slug"' not in page
    assert 'name="slug"' in client.get("/admin/guide/step/add/").content.decode()


def test_admin_lists_link_to_a_preview_of_each_page(client, guide):
    client = admin_client(client)
    page = client.get("/admin/guide/step/").content.decode()
    for step in guide.steps.all():
        assert f'href="{step.get_absolute_url()}" target="_blank"' in page
    assert client.get("/admin/guide/checklistitem/").status_code == 200


def test_a_guide_is_edited_with_its_steps_and_items_inline(client, guide):
    page = admin_client(client).get(f"/admin/guide/guide/{guide.pk}/change/").content.decode()
    assert "steps-TOTAL_FORMS" in page and "items-TOTAL_FORMS" in page
    step = guide.steps.first()
    page = client.get(f"/admin/guide/step/{step.pk}/change/").content.decode()
    assert "labels-TOTAL_FORMS" in page


def test_text_boxes_keep_the_files_line_breaks_and_see_no_change_in_a_browsers_crlf():
    from guide.forms import TextWithNewlines

    field = TextWithNewlines(required=False)
    assert field.clean("Open **Settings**.\r\n\r\n    indented\r\n") == (
        "Open **Settings**.\n\n    indented\n"
    )
    assert not field.has_changed("One\nTwo\n", "One\r\nTwo\r\n")
    assert field.has_changed("One\nTwo\n", "One\r\nThree\r\n")
