import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Fail at start, not at the first request, when the key is missing.
try:
    settings.SECRET_KEY.encode()
except ImproperlyConfigured as error:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local use).") from error
