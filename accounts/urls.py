from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import LoginForm

FORM = "accounts/form_page.html"
MESSAGE = "accounts/message_page.html"

urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("export/", views.export, name="account_export"),
    path("delete/", views.delete, name="account_delete"),
    # Django's own views for the rest, in the site's look.
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(
            template_name=FORM,
            extra_context={"title": "Change your password", "button": "Change password"},
        ),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name=MESSAGE,
            extra_context={"title": "Password changed", "text": "Your new password is set."},
        ),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(
            template_name=FORM,
            extra_context={
                "title": "Reset your password",
                "intro": "Enter the e-mail of your account and we will send you a link.",
                "button": "Send the link",
            },
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=MESSAGE,
            extra_context={
                "title": "Check your e-mail",
                "text": "If an account uses that address, a link to set a new password is on "
                "its way. It works once and expires in a few days.",
            },
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=FORM,
            extra_context={"title": "Choose a new password", "button": "Set password"},
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=MESSAGE,
            extra_context={"title": "Password set", "text": "You can log in with it now."},
        ),
        name="password_reset_complete",
    ),
    path("", include("django.contrib.auth.urls")),
]
