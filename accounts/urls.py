from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import LoginForm

urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("export/", views.export, name="account_export"),
    path("delete/", views.delete, name="account_delete"),
    # Django's own views for the rest; their pages are in templates/registration/.
    path("", include("django.contrib.auth.urls")),
]
