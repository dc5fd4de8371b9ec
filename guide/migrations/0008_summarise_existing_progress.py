"""Count every colleague's existing ticks into the new progress summaries."""

from django.db import migrations
from django.db.models import Count, F, Max, Q

REVIEWED_STATES = ["done", "not_applicable"]


def summarise_everyone(apps, schema_editor):
    # guide/progress.py's rules as they stood at 0007, frozen here: the live code writes
    # columns that later migrations add.
    Tick = apps.get_model("guide", "Tick")
    ProgressSummary = apps.get_model("guide", "ProgressSummary")
    reviewed = Q(state__in=REVIEWED_STATES) & (
        Q(item__revised__isnull=True) | Q(updated_at__gte=F("item__revised"))
    )
    required = reviewed & Q(item__optional=False)
    stale = Q(state__in=REVIEWED_STATES) & Q(updated_at__lt=F("item__revised"))
    rows = (
        Tick.objects.values("user_id", "item__guide_id")
        .annotate(
            reviewed=Count("pk", filter=required),
            stale=Count("pk", filter=stale),
            ticked=Count("pk", filter=Q(state__in=REVIEWED_STATES)),
            last_reviewed_at=Max("updated_at", filter=required),
        )
        .order_by()
    )
    ProgressSummary.objects.bulk_create(
        [
            ProgressSummary(
                user_id=row["user_id"],
                guide_id=row["item__guide_id"],
                reviewed=row["reviewed"],
                stale=row["stale"],
                ticked=row["ticked"],
                last_reviewed_at=row["last_reviewed_at"],
            )
            for row in rows
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("guide", "0007_progress_summary")]

    operations = [migrations.RunPython(summarise_everyone, migrations.RunPython.noop)]
