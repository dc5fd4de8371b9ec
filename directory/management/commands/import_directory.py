from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory import importing, reading


class Command(BaseCommand):
    help = (
        "Import the staff list (CSV: email,name,department,country, or an Entra ID or Google "
        "Workspace export). New colleagues are added, changes applied, and those missing "
        "from the file become inactive. Bad rows are listed and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            parsed = reading.read(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except reading.DirectoryFileError as error:
            raise CommandError(str(error)) from None
        result = importing.plan(parsed)
        for rejected in result.rejected:
            self.stdout.write(f"line {rejected.line}: {rejected.reason}")
        if not dry_run:
            importing.apply(result)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {result.summary}."))
