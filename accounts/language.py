"""Which language a colleague reads and is written to in.

In order: what they picked with the switcher on any page (a cookie, set by Django's
`set_language`), then the choice saved on their account (so it follows them to another
browser), then their browser's Accept-Language (Django's LocaleMiddleware). E-mails go
in the saved language, else the site's default.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .models import User


def is_offered(language):
    return language in dict(settings.LANGUAGES)


# Without a CSRF token, so that every page keeps its switcher and can still be one cached
# page for all first visitors; a forged post could at worst change someone's language.
@csrf_exempt
@require_POST
def set_language(request):
    language = request.POST.get("language")
    if not is_offered(language):
        # Django would take any language it has words for; this site offers its own.
        raise BadRequest(_("This site is not offered in that language."))
    response = django_set_language(request)
    if request.user.is_authenticated:
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


class SavedLanguageMiddleware:
    """A signed-in colleague without a switcher cookie in this browser reads in the
    language saved on their account. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chose_here = is_offered(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        # No session cookie: nobody is signed in, and the account is not looked up.
        if not chose_here and settings.SESSION_COOKIE_NAME in request.COOKIES:
            saved = getattr(request.user, "language", "")
            if is_offered(saved) and saved != request.LANGUAGE_CODE:
                translation.activate(saved)
                request.LANGUAGE_CODE = saved
        return self.get_response(request)


def remember_the_language_they_signed_in_with(sender, request, user, **kwargs):
    """A first sign-in records the language the colleague read the site in, so that
    reminders reach them in it too."""
    language = getattr(request, "LANGUAGE_CODE", "")
    if not user.language and is_offered(language):
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)


def for_mail(user):
    """The language to write to this colleague in: their own choice, else the staff
    list's, else the site's."""
    saved = getattr(user, "language", "")
    if is_offered(saved):
        return saved
    colleague = getattr(user, "colleague", None)  # no query when already joined
    listed = getattr(colleague, "language", "")
    return listed if is_offered(listed) else settings.LANGUAGE_CODE
