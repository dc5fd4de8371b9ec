from django.contrib import admin
from django.urls import include, path

from guide import views as guide_views

urlpatterns = [
    path("", include("guide.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", guide_views.healthz, name="healthz"),
]
