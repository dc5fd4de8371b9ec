from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm

from .models import User


class SignupForm(BaseUserCreationForm):
    """A work e-mail and a password; the e-mail is also the username."""

    email = forms.EmailField(
        label="Work e-mail",
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        domain = email.rpartition("@")[2]
        allowed = settings.SIGNUP_ALLOWED_DOMAINS
        if allowed and domain not in allowed:
            raise forms.ValidationError(
                "Sign up with your work e-mail: addresses ending in %(domains)s.",
                params={"domains": " or ".join(f"@{d}" for d in allowed)},
                code="domain_not_allowed",
            )
        if User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(
                "There is already an account for this e-mail. Log in, or reset your password.",
                code="taken",
            )
        # Password validators compare the password with the username and e-mail.
        self.instance.username = email
        self.instance.email = email
        return email


class LoginForm(AuthenticationForm):
    """Django's log-in form, saying what the username is here: the work e-mail."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail and password do not match an account. "
        "Check both; the password is case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Work e-mail"
        self.fields["username"].widget.attrs["autocomplete"] = "email"


class DeleteAccountForm(forms.Form):
    """Confirms deletion with the password, or a typed word where SSO gives no password."""

    CONFIRMATION_WORD = "delete"

    password = forms.CharField(
        label="Your password",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=f'Type "{CONFIRMATION_WORD}" to confirm', required=False, max_length=20
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.user.has_usable_password():
            del self.fields["confirmation"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["confirmation"].required = True

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password

    def clean_confirmation(self):
        word = self.cleaned_data["confirmation"].strip().lower()
        if word != self.CONFIRMATION_WORD:
            raise forms.ValidationError(
                f'Type the word "{self.CONFIRMATION_WORD}" to confirm.', code="not_confirmed"
            )
        return word
