from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Guide"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts import personal_data

        from . import ticks, verification

        # Sign-up, log-in and SSO all pass through login(): one place to merge.
        user_logged_in.connect(ticks.move_session_ticks_to_account, dispatch_uid="merge_ticks")
        personal_data.collect.connect(ticks.personal_data, dispatch_uid="guide_ticks")
        personal_data.collect.connect(verification.personal_data, dispatch_uid="guide_verified")
