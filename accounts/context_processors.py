from django.conf import settings


def sign_in(request):
    """The site's name and how colleagues sign in, for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "signup_open": settings.SIGNUP_OPEN,
        "PASSWORDS_ALLOWED": settings.PASSWORDS_ALLOWED,
        "SIGNUP_ALLOWED_DOMAINS": settings.SIGNUP_ALLOWED_DOMAINS,
        "SIGN_IN_DIRECTORY_ONLY": settings.SIGN_IN_DIRECTORY_ONLY,
        "SIGN_IN_BY_LINK": settings.SIGN_IN_BY_LINK,
    }
