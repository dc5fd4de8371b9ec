from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    path("export/", views.export, name="account_export"),
    path("delete/", views.delete, name="account_delete"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    # Sign-up, sign-in by link or code, OpenID Connect, log-out: django-allauth.
    path("", include("allauth.urls")),
]
