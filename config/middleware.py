from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _


class PermissionsPolicyMiddleware:
    """Denies browser features the site never uses (Django has no setting for this header)."""

    POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class FormCharsetMiddleware:
    """A form body declared in any charset but UTF-8 gets a clear 400 before a view tries
    to decode it (Django would fail on an unknown one, or misread a known one)."""

    ACCEPTED = {"utf-8", "utf8"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.method == "POST" else None
        if charset is not None and charset.strip().strip('"').lower() not in self.ACCEPTED:
            raise BadRequest(_("Forms are accepted in UTF-8 only."))
        return self.get_response(request)
