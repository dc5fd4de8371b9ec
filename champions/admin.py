from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import campaigns, tasks
from .forms import ScheduleForm
from .models import (
    DEFAULT_DIGEST_DAYS,
    DEFAULT_OVERDUE_DAYS,
    Campaign,
    Mail,
    weekly_reminders,
)


class CampaignAdminForm(ScheduleForm):
    class Meta(ScheduleForm.Meta):
        fields = ["name", "guide", "departments", "countries", "starts_on", "due_on",
                  "reminder_days", "overdue_days", "digest_days"]  # fmt: skip


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Campaigns can be started here too; the champion pages show their progress."""

    form = CampaignAdminForm
    list_display = ["name", "starts_on", "due_on", "audience_text", "members"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description=_("colleagues"))
    def members(self, campaign):
        return campaign.memberships.count()

    def save_model(self, request, obj, form, change):
        created = obj.pk is None
        if created:
            obj.created_by = request.user
            obj.reminder_days = obj.reminder_days or weekly_reminders(obj.starts_on, obj.due_on)
            obj.overdue_days = obj.overdue_days or DEFAULT_OVERDUE_DAYS
            obj.digest_days = obj.digest_days or DEFAULT_DIGEST_DAYS
        super().save_model(request, obj, form, change)
        if created:
            campaigns.enrol(obj)
            tasks.start_campaign.enqueue(obj.pk)


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """The mail log: what went to whom, when; read only."""

    list_display = ["kind", "campaign", "colleague", "user", "occasion", "status", "sent_at"]
    list_filter = ["kind", "status", "campaign"]
    search_fields = ["colleague__email", "user__email"]
    readonly_fields = [field.name for field in Mail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
