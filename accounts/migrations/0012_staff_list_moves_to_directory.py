"""The staff list's models now belong to the directory app (its 0001); their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_colleague_emails_in_lower_case"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DirectoryUpload"),
                migrations.DeleteModel(name="Colleague"),
            ],
        ),
    ]
