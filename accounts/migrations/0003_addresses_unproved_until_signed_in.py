"""Accounts move to django-allauth: every existing address becomes an EmailAddress that
counts as unproved until its owner next signs in; addresses are stored in lower case; the
shared cache table is created; django-axes's tables and their failed log-ins go."""

from django.core.management import call_command
from django.db import migrations


def addresses_unproved(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for user in User.objects.exclude(email=""):
        email = user.email.strip().lower()
        User.objects.filter(pk=user.pk).update(email=email)
        EmailAddress.objects.get_or_create(
            user_id=user.pk, email=email, defaults={"primary": True, "verified": False}
        )


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


AXES_TABLES = ["axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"]


def drop_axes_tables(apps, schema_editor):
    existing = set(schema_editor.connection.introspection.table_names())
    for table in AXES_TABLES:
        if table in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_reminders_enabled"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(addresses_unproved, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.RunPython(drop_axes_tables, migrations.RunPython.noop),
    ]
