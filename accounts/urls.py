from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    path("export/", views.export, name="account_export"),
    path("delete/", views.delete, name="account_delete"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("login/link/<str:token>/", views.sign_in_link, name="account_sign_in_link"),
    path(
        "login/link/<str:token>/new/", views.sign_in_link_again, name="account_sign_in_link_again"
    ),
    # Sign-up, sign-in by link or code, OpenID Connect, log-out: django-allauth.
    path("", include("allauth.urls")),
]
