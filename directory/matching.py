"""Which account belongs to which row of the staff list, and who may sign in."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Lower

from .models import Colleague


def match_all() -> None:
    """Link every unlinked colleague to the account that proved their address."""
    # An account already on another row (an address that changed) is left there.
    linked = Colleague.objects.filter(user=OuterRef("user"))
    # allauth keeps addresses in lower case; a row typed into the admin may not be.
    # Comparing with the row's address lowered keeps the index on the addresses usable
    # (iexact would scan every address for every row).
    proved = EmailAddress.objects.filter(email=Lower(OuterRef("email")), verified=True)
    proved = proved.filter(~Exists(linked))
    Colleague.objects.filter(user__isnull=True).update(user=Subquery(proved.values("user")[:1]))


def match(user) -> None:
    """After `user` proved an address: link them to their row on the staff list, if any."""
    if user.email and not Colleague.objects.filter(user=user).exists():
        Colleague.objects.filter(email__iexact=user.email, user__isnull=True).update(user=user)


def may_sign_in(email: str) -> bool:
    """Whether this address may sign in: anyone (in the allowed domains), or only the
    staff list's active colleagues when SIGN_IN_DIRECTORY_ONLY is on."""
    if not settings.SIGN_IN_DIRECTORY_ONLY:
        return True
    return Colleague.objects.filter(email__iexact=email, active=True).exists()
