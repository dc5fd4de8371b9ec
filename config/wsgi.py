import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Fail at start, not at the first request, when what production needs is missing.
try:
    settings.SECRET_KEY.encode()
except ImproperlyConfigured as error:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local use).") from error
if not settings.DEBUG:
    from accounts.mail import has_real_backend

    if not settings.SITE_URL:
        raise ImproperlyConfigured("Set SITE_URL: every link in an e-mail is built from it.")
    if not has_real_backend():
        raise ImproperlyConfigured("Set EMAIL_HOST: sign-in links must go by mail, not a log.")
