from django.conf import settings
from django.contrib.auth.middleware import PersistentRemoteUserMiddleware


class RemoteUserHeaderMiddleware(PersistentRemoteUserMiddleware):
    """Trusts the header the intranet's SSO proxy sets, named by REMOTE_USER_HEADER.

    Only installed when REMOTE_USER_HEADER is set. Persistent: the session outlives a
    request without the header, so a log-out link in the app still works.
    """

    def __init__(self, get_response):
        name = settings.REMOTE_USER_HEADER.upper().replace("-", "_")
        self.header = f"HTTP_{name}"
        super().__init__(get_response)
