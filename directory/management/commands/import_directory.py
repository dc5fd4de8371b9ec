from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory import importing, reading


class Command(BaseCommand):
    help = (
        "Import the staff list (CSV: email,name,department,country,manager, or an Entra ID, "
        "Google Workspace or HR export). New colleagues are added, changes applied, and those "
        "missing from the file become inactive. Rows without an address are listed and "
        "skipped; unreadable fields are listed and left empty. Rows SCIM provisioning keeps "
        "are left alone unless --overwrite-scim."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )
        parser.add_argument(
            "--overwrite-scim",
            action="store_true",
            help="Also change (or make inactive) the rows SCIM provisioning keeps.",
        )

    def handle(self, *args, file, dry_run, overwrite_scim, **options):
        try:
            parsed = reading.read(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except reading.DirectoryFileError as error:
            raise CommandError(str(error)) from None
        result = importing.plan(parsed)
        for rejected in result.rejected:
            self.stdout.write(f"line {rejected.line}: {rejected.reason}")
        for warned in result.warnings:
            self.stdout.write(f"line {warned.line} (imported): {warned.reason}")
        if not dry_run:
            importing.apply(result, overwrite_scim=overwrite_scim)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {result.summary}."))
        if result.scim_conflicts:
            kept = "changed as the file says" if overwrite_scim else "left as SCIM set them"
            self.stdout.write(
                f"{result.scim_conflicts} rows kept by SCIM provisioning differ from the file: "
                f"{kept} (--overwrite-scim decides)."
            )
