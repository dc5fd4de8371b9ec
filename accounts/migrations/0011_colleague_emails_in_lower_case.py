"""Addresses typed into the admin before Colleague.save() lowered them."""

from django.db import migrations
from django.db.models.functions import Lower


def lower_every_address(apps, schema_editor):
    # Unique without regard to case already, so lowering cannot make two rows collide.
    apps.get_model("accounts", "Colleague").objects.update(email=Lower("email"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_translated_names")]

    operations = [migrations.RunPython(lower_every_address, migrations.RunPython.noop)]
