from django.contrib import admin
from django.urls import include, path

from accounts import language

from . import views

urlpatterns = [
    path("", include("guide.urls")),
    path("", include("champions.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("language/", language.set_language, name="set_language"),
]

handler400 = "config.views.bad_request"
