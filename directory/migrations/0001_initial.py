"""The staff list's models, created by accounts' migrations 0004-0011, move to this app
with their tables, rows, permissions and admin history."""

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MODELS = ['colleague', 'directoryupload']


def move_content_types(apps, schema_editor, old='accounts', new='directory'):
    """Permissions and admin log entries point at content types: move them along, so an
    upgraded site keeps both."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old='directory', new='accounts')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0011_colleague_emails_in_lower_case"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already: only Django's idea of which app owns them moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DirectoryUpload',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('content', models.BinaryField()),
                        ('filename', models.CharField(max_length=200)),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_directoryupload',
                    },
                ),
                migrations.CreateModel(
                    name='Colleague',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(help_text='Stored in lower case.', max_length=254)),
                        ('name', models.CharField(blank=True, max_length=200)),
                        ('department', models.CharField(blank=True, max_length=200)),
                        ('country', models.CharField(blank=True, help_text='ISO 3166 code, e.g. DE.', max_length=2)),
                        ('language', models.CharField(blank=True, choices=[('en', 'English'), ('de', 'Deutsch')], help_text='From the staff list: the language of their invitations (else the default).', max_length=10)),
                        ('active', models.BooleanField(default=True)),
                        ('first_imported', models.DateTimeField(default=django.utils.timezone.now)),
                        ('left_at', models.DateTimeField(blank=True, null=True)),
                        ('invited_at', models.DateTimeField(blank=True, null=True)),
                        ('invitation_nonce', models.CharField(blank=True, editable=False, max_length=32)),
                        ('opted_out', models.BooleanField(default=False, help_text='Used the opt-out link in an invitation: no more mail.')),
                        ('user', models.OneToOneField(blank=True, help_text='Their account, once they proved this address.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='colleague', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'colleague',
                        'verbose_name_plural': 'colleagues',
                        'db_table': 'accounts_colleague',
                        'ordering': ['email'],
                        'indexes': [models.Index(fields=['active', 'department', 'country', 'invited_at', 'user'], name='colleague_figures')],
                        'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='colleague_email_unique_any_case'), models.CheckConstraint(condition=models.Q(('email', ''), _negated=True), name='colleague_has_email')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
