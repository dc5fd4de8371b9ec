from django.core.management.base import BaseCommand

from directory.scim import tokens


class Command(BaseCommand):
    help = (
        "Make a bearer token for SCIM provisioning (/scim/v2/) and print it once: paste it "
        "into Entra ID's \"Secret Token\" or Okta's Authorization header. Only its digest "
        "is kept; revoke it in the admin (Staff list → SCIM tokens)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="What the token is for, e.g. 'Entra ID'.")

    def handle(self, *args, name, **options):
        _token, secret = tokens.create(name[:100])
        self.stdout.write(secret)
