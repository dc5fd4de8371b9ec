"""Who marked a step verified, and the entries of the "What changed" page; material
changes marked before this version get an entry each (without a note), so that the
re-check they ask for links to something."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def record_earlier_material_changes(apps, schema_editor):
    ChecklistItem = apps.get_model("guide", "ChecklistItem")
    GuideChange = apps.get_model("guide", "GuideChange")
    for item in ChecklistItem.objects.exclude(revised=None).order_by("pk"):
        for when in (item.previous_revised, item.revised):  # oldest first: the newest wins
            if when is not None:
                GuideChange.objects.create(
                    guide_id=item.guide_id,
                    date=timezone.localdate(when),
                    kind="material_change",
                    item=item,
                    summary="",
                    summary_en="",
                )


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0012_reminders_move_to_champions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="step",
            name="verified_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who last marked the step verified in the admin.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="verified_steps",
                to=settings.AUTH_USER_MODEL,
                verbose_name="verified by",
            ),
        ),
        migrations.CreateModel(
            name="GuideChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        blank=True,
                        help_text="The content file's name for a correction; empty for one made here.",
                        verbose_name="slug",
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("correction", "Correction"),
                            ("material_change", "Material change"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown: what changed and why, in a line or two.",
                        verbose_name="summary",
                    ),
                ),
                (
                    "summary_en",
                    models.TextField(
                        blank=True,
                        help_text="Markdown: what changed and why, in a line or two.",
                        null=True,
                        verbose_name="summary",
                    ),
                ),
                (
                    "summary_de",
                    models.TextField(
                        blank=True,
                        help_text="Markdown: what changed and why, in a line or two.",
                        null=True,
                        verbose_name="summary",
                    ),
                ),
                (
                    "guide",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="changes",
                        to="guide.guide",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        blank=True,
                        help_text="The item whose earlier ticks this change asked to be checked again.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="changes",
                        to="guide.checklistitem",
                        verbose_name="checklist item",
                    ),
                ),
            ],
            options={
                "verbose_name": "change to the guide",
                "verbose_name_plural": "changes to the guide",
                "ordering": ["-date", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("slug", ""), _negated=True),
                        fields=("guide", "slug"),
                        name="change_slug_unique_in_guide",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["correction", "material_change"])),
                        name="change_kind_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(record_earlier_material_changes, migrations.RunPython.noop),
    ]
