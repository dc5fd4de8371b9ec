"""Who may see what on the champions' side."""

from django.contrib.auth.decorators import login_required, permission_required
from django.views.decorators.cache import never_cache


def champion_only(permission):
    """Anonymous visitors go to log in; members without the permission get a 403."""

    def decorator(view):
        # Figures and names: never kept by a browser or a proxy.
        view = never_cache(permission_required(permission, raise_exception=True)(view))
        return login_required(view)

    return decorator
