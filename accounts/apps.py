from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from allauth.account import signals
        from django.contrib.auth.signals import user_logged_in

        from . import checks, language, proof, sign_in_links  # noqa: F401 (checks registers itself)

        signals.user_signed_up.connect(proof.remember_who_signed_up, dispatch_uid="signed_up")
        signals.email_confirmed.connect(
            proof.discard_a_password_chosen_before_the_proof, dispatch_uid="proved"
        )
        signals.user_logged_in.connect(proof.sso_accounts_keep_no_password, dispatch_uid="sso")
        user_logged_in.connect(
            language.remember_the_language_they_signed_in_with, dispatch_uid="language"
        )
        user_logged_in.connect(sign_in_links.forget_links_of, dispatch_uid="sign_in_links")
