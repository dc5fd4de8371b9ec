import hmac
import logging

from django.conf import settings
from django.contrib.auth.middleware import PersistentRemoteUserMiddleware
from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import validate_email
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import clients
from .mail import MailNotConfigured

log = logging.getLogger(__name__)


class RemoteUserHeaderMiddleware(PersistentRemoteUserMiddleware):
    """Trusts the header the intranet's SSO proxy sets, named by REMOTE_USER_HEADER.

    Only installed when REMOTE_USER_HEADER is set. Persistent: the session outlives a
    request without the header, so a log-out link in the app still works. The header must
    hold exactly one e-mail address; anything else (two headers joined by a comma, spaces,
    a bare name) is a 400 and creates nobody.
    """

    def __init__(self, get_response):
        name = settings.REMOTE_USER_HEADER.upper().replace("-", "_")
        self.header = f"HTTP_{name}"
        super().__init__(get_response)

    def __call__(self, request):
        value = request.META.get(self.header)
        if value is not None and not came_through_the_proxy(request):
            # Someone reached the app without the proxy and names a colleague: ignored, as
            # if the header were not there, and logged.
            log.warning(
                "Ignored %s from %s, which is not the SSO proxy (TRUSTED_PROXIES, "
                "REMOTE_USER_SECRET).",
                settings.REMOTE_USER_HEADER,
                request.META.get("REMOTE_ADDR", "?"),
            )
            del request.META[self.header]
            value = None
        if value is not None and not is_one_address(value):
            raise BadRequest(_("The single sign-on header does not hold one e-mail address."))
        return super().__call__(request)


SECRET_HEADER = "HTTP_X_REMOTE_USER_SECRET"


def came_through_the_proxy(request) -> bool:
    """From an address in TRUSTED_PROXIES and, when REMOTE_USER_SECRET is set, with it in
    X-Remote-User-Secret (compared in constant time)."""
    if not clients.from_proxy(request):
        return False
    secret = settings.REMOTE_USER_SECRET
    if not secret:
        return True
    sent = request.META.get(SECRET_HEADER, "")
    return hmac.compare_digest(sent.encode(), secret.encode())


def is_one_address(value):
    if not value or value != value.strip() or any(c in value for c in ", ;\t"):
        return False
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


class MailNotConfiguredMiddleware:
    """A sign-in mail that cannot go out says so plainly instead of failing with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MailNotConfigured):
            return render(request, "accounts/mail_not_configured.html", status=503)
        return None
