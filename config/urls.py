from django.contrib import admin
from django.urls import include, path, re_path

from accounts import language
from accounts import views as account_views
from directory.scim import views as scim

from . import views

urlpatterns = [
    # The champions' first: /checklist/confirmation/ is theirs, not an item to tick.
    path("", include("champions.urls")),
    path("", include("guide.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/login/", account_views.admin_login),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("language/", language.set_language, name="set_language"),
    re_path(r"^scim/v2(?P<path>/.*)?$", scim.endpoint, name="scim"),
]

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"
