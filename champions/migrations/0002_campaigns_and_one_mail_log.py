"""Campaigns, their members, and one log of every mail (the reminders sent so far
move into it)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def reminders_into_the_mail_log(apps, schema_editor):
    """Every reminder sent before there were campaigns becomes a sent mail in the log."""
    Reminder = apps.get_model("champions", "Reminder")
    Mail = apps.get_model("champions", "Mail")
    Mail.objects.bulk_create(
        [
            Mail(
                kind="reminder",
                user_id=reminder.user_id,
                occasion=reminder.sent_at.date(),
                status="sent",
                queued_at=reminder.sent_at,
                not_before=reminder.sent_at,
                sent_at=reminder.sent_at,
                attempts=1,
            )
            for reminder in Reminder.objects.all()
        ],
        batch_size=2000,
        ignore_conflicts=True,  # two reminders on one day were one occasion
    )


class Migration(migrations.Migration):

    dependencies = [
        ('champions', '0001_initial'),
        ('directory', '0002_colleague_manager'),
        ('guide', '0012_reminders_move_to_champions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Campaign',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('departments', models.JSONField(blank=True, default=list, help_text='As the staff list names them; none: every department.', verbose_name='departments')),
                ('countries', models.JSONField(blank=True, default=list, help_text='ISO codes such as DE; none: every country.', verbose_name='countries')),
                ('starts_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='starts on')),
                ('due_on', models.DateField(verbose_name='due on')),
                ('reminder_days', models.JSONField(blank=True, default=list, help_text='Days relative to the due date, e.g. -14, -7, -3, -1, 0.', verbose_name='reminders')),
                ('overdue_days', models.JSONField(blank=True, default=list, help_text='Days after the due date.', verbose_name='overdue notices')),
                ('digest_days', models.JSONField(blank=True, default=list, help_text="Days relative to the due date on which managers get their team's figures.", verbose_name='manager digests')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('guide', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='campaigns', to='guide.guide')),
            ],
            options={
                'verbose_name': 'campaign',
                'verbose_name_plural': 'campaigns',
                'ordering': ['-starts_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Mail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('invitation', 'Invitation'), ('reminder', 'Reminder'), ('overdue', 'Overdue notice'), ('digest', 'Manager digest'), ('confirmation', 'Confirmation')], max_length=20, verbose_name='kind')),
                ('occasion', models.DateField(help_text='The scheduled day this mail is for: it goes once.', verbose_name='occasion')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                ('queued_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('not_before', models.DateTimeField(default=django.utils.timezone.now)),
                ('claim', models.CharField(blank=True, editable=False, max_length=32)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('error', models.CharField(blank=True, max_length=300)),
                ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='mails', to='champions.campaign')),
                ('colleague', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='mails', to='directory.colleague')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='mails', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'mail',
                'verbose_name_plural': 'mails',
                'ordering': ['-queued_at'],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('enrolled_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='champions.campaign')),
                ('colleague', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='directory.colleague')),
            ],
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('due_on__gte', models.F('starts_on'))), name='campaign_due_after_start'),
        ),
        migrations.AddIndex(
            model_name='mail',
            index=models.Index(fields=['status', 'not_before'], name='mail_queue'),
        ),
        migrations.AddIndex(
            model_name='mail',
            index=models.Index(fields=['claim'], name='mail_claim'),
        ),
        migrations.AddIndex(
            model_name='mail',
            index=models.Index(fields=['campaign', 'status'], name='mail_campaign_status'),
        ),
        migrations.AddConstraint(
            model_name='mail',
            constraint=models.UniqueConstraint(condition=models.Q(('campaign__isnull', False), ('colleague__isnull', False)), fields=('campaign', 'colleague', 'kind', 'occasion'), name='one_campaign_mail_per_occasion'),
        ),
        migrations.AddConstraint(
            model_name='mail',
            constraint=models.UniqueConstraint(condition=models.Q(('campaign__isnull', True), ('colleague__isnull', False)), fields=('colleague', 'kind', 'occasion'), name='one_staff_mail_per_occasion'),
        ),
        migrations.AddConstraint(
            model_name='mail',
            constraint=models.UniqueConstraint(condition=models.Q(('campaign__isnull', True), ('colleague__isnull', True)), fields=('user', 'kind', 'occasion'), name='one_account_mail_per_occasion'),
        ),
        migrations.AddConstraint(
            model_name='mail',
            constraint=models.CheckConstraint(condition=models.Q(('colleague__isnull', False), ('user__isnull', False), _connector='OR'), name='mail_has_a_recipient'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['colleague', 'campaign'], name='membership_colleague'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('campaign', 'colleague'), name='one_membership_per_campaign'),
        ),
        migrations.RunPython(reminders_into_the_mail_log, migrations.RunPython.noop),
        migrations.DeleteModel(name='Reminder'),
    ]
