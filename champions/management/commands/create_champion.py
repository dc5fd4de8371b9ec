from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts.models import User

# Figures, the member list, and starting and steering campaigns.
CHAMPION_PERMISSIONS = [
    "view_dashboard",
    "view_member_progress",
    "add_campaign",
    "change_campaign",
    "view_campaign",
]


class Command(BaseCommand):
    help = (
        "Make EMAIL a champion: staff with the dashboard's permissions. They sign in like "
        "every colleague (e-mailed link or SSO); the address counts as proved once they do."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--admin", action="store_true", help="Also let them edit the guide in the admin."
        )

    def handle(self, *args, email, admin, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(username=email, email=email)
            user.set_unusable_password()
        user.is_staff = True
        user.is_superuser = user.is_superuser or admin
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"primary": True, "verified": False}
        )
        user.user_permissions.add(*Permission.objects.filter(codename__in=CHAMPION_PERMISSIONS))
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} champion {email}: sign in at /accounts/login/ by link.")
        )
