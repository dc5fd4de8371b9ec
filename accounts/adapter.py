"""How django-allauth behaves here: work addresses only, usernames equal to the address,
links built from SITE_URL, and SSO accounts without passwords."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from directory.matching import may_sign_in

from . import clients, links, mail, proof, sign_in_links


def check_domain(email):
    """Refuse an address outside SIGNUP_ALLOWED_DOMAINS, naming the domains allowed."""
    allowed = settings.SIGNUP_ALLOWED_DOMAINS
    if allowed and email.rpartition("@")[2].lower() not in allowed:
        or_ = pgettext("between allowed e-mail domains", "or")
        raise forms.ValidationError(
            _("Use your work e-mail: addresses ending in %(domains)s."),
            params={"domains": f" {or_} ".join(f"@{domain}" for domain in allowed)},
            code="domain_not_allowed",
        )


def allowed(email):
    """An address that may sign in here by any route."""
    try:
        check_domain(email)
    except forms.ValidationError:
        return False
    return bool(email) and may_sign_in(email)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return settings.SIGNUP_OPEN

    def get_client_ip(self, request):
        """Rate limits count per client as the proxy reports it (accounts/clients.py)."""
        return clients.client_address(request)

    def clean_email(self, email):
        email = super().clean_email(email).strip().lower()
        check_domain(email)
        return email

    def populate_username(self, request, user):
        user.username = user.email.lower()

    def send_mail(self, template_prefix, email, context):
        mail.refuse_without_a_real_backend()
        # allauth renders the subject without the request, so without context processors.
        context = {**context, "site_url": links.absolute_url(""), "SITE_NAME": settings.SITE_NAME}
        if template_prefix == "account/email/login_code":
            context["sign_in_link"] = sign_in_link_for(email, context.get("request"))
        super().send_mail(template_prefix, email, context)

    def get_reset_password_from_key_url(self, key):
        return links.on_site(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return links.on_site(super().get_email_confirmation_url(request, emailconfirmation))


def sign_in_link_for(email, request):
    """Beside allauth's code, which works only in the browser that asked, a link that works
    in any browser (accounts/sign_in_links.py), for the account allauth sends the code to:
    its form and its "send again" look the account up the same way. The page asked for
    before signing in (kept in the asking session) goes with it."""
    users = filter_users_by_email(email, is_active=True, prefer_verified=True)
    if not users:
        return ""
    next_url = (
        request.session.get(sign_in_links.NEXT_AFTER_SIGN_IN, "") if request is not None else ""
    )
    token = sign_in_links.new_token(users[0], email, next_url)
    return links.absolute_url(reverse("account_sign_in_link", args=[token]))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """OpenID Connect: the provider vouches for the address; no password is ever kept."""

    def is_open_for_signup(self, request, sociallogin):
        return allowed(sociallogin.user.email or "") and proof.vouched_for(sociallogin)

    def pre_social_login(self, request, sociallogin):
        """Every SSO sign-in, new account or old: only allowed domains, and only the staff
        list when SIGN_IN_DIRECTORY_ONLY is on. An address the provider does not vouch for
        creates no account and connects to none: whoever typed it into their profile at
        the provider may not be its owner. Only its owner, signed in here already, can
        connect such a company account to theirs."""
        email = sociallogin.user.email or (
            sociallogin.email_addresses[0].email if sociallogin.email_addresses else ""
        )
        if not allowed(email):
            raise ImmediateHttpResponse(render(request, "accounts/not_allowed.html", status=403))
        if settings.OIDC_TRUST_UNVERIFIED_EMAIL:
            for address in sociallogin.email_addresses:
                address.verified = True  # so that allauth finds the account it belongs to
        connecting = sociallogin.state.get("process") == "connect"
        if not (proof.vouched_for(sociallogin) or sociallogin.is_existing or connecting):
            context = {"email": email}
            raise ImmediateHttpResponse(
                render(request, "accounts/address_not_vouched.html", context, status=403)
            )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        user.username = user.email
        return user

    def save_user(self, request, sociallogin, form=None):
        sociallogin.user.set_unusable_password()
        return super().save_user(request, sociallogin, form)
