"""Champions edit the guide in the admin without a deploy."""

import datetime

from django.utils import timezone

from guide.models import ChecklistItem

from .factories import TickFactory, UserFactory


def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_marking_a_material_change_asks_everyone_to_re_check(client, guide):
    colleague = UserFactory()
    item = guide.items.get(slug="ai-training")
    TickFactory(user=colleague, item=item, updated_at=timezone.now() - datetime.timedelta(hours=1))
    response = admin_client(client).post(
        "/admin/guide/checklistitem/",
        {"action": "mark_material_change", "_selected_action": [item.pk]},
        follow=True,
    )
    assert "earlier ticks now ask for a re-check" in response.content.decode()
    assert ChecklistItem.objects.get(pk=item.pk).revised is not None
    client.force_login(colleague)
    page = client.get("/checklist/").content.decode()
    assert 'data-item="ai-training" data-state="stale"' in page


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
