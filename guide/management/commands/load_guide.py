from django.core.management.base import BaseCommand, CommandError

from guide import content, loading


class Command(BaseCommand):
    help = (
        "Load the bundled LinkedIn guide into the database. Creates what is missing and "
        "keeps edits made in the admin; --update makes the file win."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=content.BUNDLED_GUIDE, help="A guide TOML file.")
        parser.add_argument(
            "--update", action="store_true", help="Apply the file's wording over the database's."
        )

    def handle(self, *args, file, update, **options):
        try:
            data = content.read(file)
        except (OSError, content.ContentError) as error:
            raise CommandError(str(error)) from error
        counts = loading.load(data, update=update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Guide {data['guide']['slug']!r}: {counts['created']} created, "
                f"{counts['updated']} updated."
            )
        )
