from django.contrib.auth.backends import RemoteUserBackend as DjangoRemoteUserBackend


class RemoteUserBackend(DjangoRemoteUserBackend):
    """Creates the colleague on first visit; an e-mail-shaped name becomes their e-mail."""

    def clean_username(self, username):
        return username.strip().lower()

    def configure_user(self, request, user, created=True):
        if created:
            if "@" in user.username:
                user.email = user.username
            user.set_unusable_password()
            user.save(update_fields=["email", "password"])
        return user
