from allauth.account.forms import LoginForm, RequestLoginCodeForm
from allauth.account.models import EmailAddress
from allauth.core import context
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from directory import matching

from .adapter import check_domain
from .models import User
from .sign_in_links import NEXT_AFTER_SIGN_IN


class RequestSignInLinkForm(RequestLoginCodeForm):
    """A work e-mail, and a sign-in link with a code goes there (the link works in any
    browser: accounts/sign_in_links.py). A colleague seen for the first time gets an
    account at once, unproved until the link or code is used: it counts nowhere before.
    The page says the same whether the address had an account, and draws the field itself
    (account/_email_field.html), also when it comes back with an error."""

    def clean_email(self):
        check_domain(self.cleaned_data.get("email", ""))
        email = super().clean_email().strip().lower()
        if email and not matching.may_sign_in(email):
            self._user = None  # no mail; the page says the same as for anyone else
        elif email and self._user is None and settings.SIGNUP_OPEN:
            self._user = create_unproved_account(email)
        # The link in the mail carries no ?next=: the page asked for goes with the session.
        request = context.request
        request.session[NEXT_AFTER_SIGN_IN] = request.POST.get("next", "")[:2000]
        return email


def create_unproved_account(email):
    user = User(username=email, email=email)
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


class PasswordLoginForm(LoginForm):
    """allauth's e-mail and password form, closed unless PASSWORDS_ALLOWED is on: then
    nothing reaches the password hasher."""

    def clean(self):
        if not settings.PASSWORDS_ALLOWED:
            raise forms.ValidationError(
                _("Passwords are not used here: ask for a sign-in link instead."),
                code="passwords_off",
            )
        login = (self.cleaned_data.get("login") or "").strip()
        if login and not matching.may_sign_in(login):
            raise forms.ValidationError(
                _("That e-mail and password do not match an account."), code="not_allowed"
            )
        return super().clean()


class DeleteAccountForm(forms.Form):
    """Deleting asks only for what everyone has: the typed word, not a password. The word
    is asked for in the page's language; the English word works in every language."""

    CONFIRMATION_WORD = "delete"

    confirmation = forms.CharField(max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmation"].label = _('Type "%(word)s" to confirm') % {
            "word": self.confirmation_word()
        }

    def confirmation_word(self):
        return pgettext("the word typed to confirm deleting an account", "delete").lower()

    def clean_confirmation(self):
        word = self.cleaned_data["confirmation"].strip().lower()
        if word not in {self.CONFIRMATION_WORD, self.confirmation_word()}:
            raise forms.ValidationError(
                _('Type the word "%(word)s" to confirm.') % {"word": self.confirmation_word()},
                code="not_confirmed",
            )
        return word
