"""Settings for the opt-out guide: every knob comes from an environment variable.

The README has a table of every variable. Defaults are safe: DEBUG is off and a
SECRET_KEY is required unless DEBUG is on.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [part.strip() for part in value.split(",") if part.strip()]


DEBUG = env_bool("DEBUG")

# Required when DEBUG is off: without it Django refuses everything that signs data
# (sessions, CSRF, opt-out links) and config/wsgi.py refuses to serve at all. Commands
# that sign nothing (check, makemigrations) still run, for developers and CI.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "LinkedIn AI opt-out")
# The address colleagues are sent; when empty it is taken from the request.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, so that translated fields show side by side in it.
    "modeltranslation",
    # The project's four apps, each importing only those below it (docs/architecture.md).
    "champions",
    "guide",
    "accounts",
    "directory",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_countries",  # its country names in every language
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages, with the random padding Django adds against BREACH; below
    # whitenoise, which serves static files already compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The switcher's cookie, else Accept-Language; a signed-in colleague's saved choice
    # comes in below, once their account is known (accounts.language).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.language.SavedLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.MailNotConfiguredMiddleware",
    # Before any view (and CSRF's check) reads the form.
    "config.middleware.FormCharsetMiddleware",
    # Writes turned away at once while SQLite's write lock is held elsewhere.
    "config.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.sign_in",
            ],
        },
    },
]

# SQLite by default, tuned for several writers at once; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections (checked before reuse): no new connection, and so no
        # SQLite PRAGMAs, on every request.
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}


def sqlite_options(wait_ms):
    """WAL (readers never wait for the writer), and how long a write waits for the lock."""
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": wait_ms / 1000,
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={wait_ms};"
        ),
    }


# Commands (imports, the worker) wait up to 20 s for the write lock; web requests only
# WEB_WRITE_WAIT_MS (config/wsgi.py); after one such wait, writes answer 503 at once for
# as long as the lock stays held (config.middleware.DatabaseBusyMiddleware).
WEB_WRITE_WAIT_MS = env_int("WEB_WRITE_WAIT_MS", 5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = sqlite_options(20_000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Colleagues sign in through django-allauth (e-mailed code or link, OpenID Connect),
    # with the user of each request read in one raw statement (accounts/backends.py).
    "accounts.backends.AuthenticationBackend",
    # allauth's own, for sessions signed in before the line above: they stay signed in.
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Django's database sessions, read with one plain statement (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"

# --- Signing in ---------------------------------------------------------------------
# Colleagues type their work e-mail and get a sign-in link with a short code; using it
# proves the address. Single sign-on comes from an OpenID Connect provider (OIDC_*) or
# from a proxy that authenticates (REMOTE_USER_HEADER). docs/deploy.md shows each mode.

# Single sign-on through the intranet's proxy: it names the signed-in colleague in this
# header (for example X-Remote-User). Empty means off, and then the header is ignored.
REMOTE_USER_HEADER = os.environ.get("REMOTE_USER_HEADER", "").strip()
# The header is believed only from the proxy: a request from any other address (someone
# who reaches gunicorn directly) has it ignored and logged. TRUSTED_PROXIES names the
# proxies' addresses; REMOTE_USER_SECRET, when set, must also arrive in
# X-Remote-User-Secret (the proxy adds it), for proxies whose address is not fixed.
REMOTE_USER_SECRET = os.environ.get("REMOTE_USER_SECRET", "")
if REMOTE_USER_HEADER:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "accounts.middleware.RemoteUserHeaderMiddleware",
    )
    AUTHENTICATION_BACKENDS.append("accounts.backends.RemoteUserBackend")

# OpenID Connect (Entra ID, Okta, Google Workspace, Keycloak…): all three or none.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_BUTTON_LABEL = os.environ.get("OIDC_BUTTON_LABEL", "Sign in with your company account")
if any([OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET]) and not all(
    [OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET]
):
    raise ImproperlyConfigured("Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together.")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "company",
                "name": OIDC_BUTTON_LABEL,
                "client_id": OIDC_CLIENT_ID,
                "secret": OIDC_CLIENT_SECRET,
                "settings": {"server_url": OIDC_ISSUER},
            }
        ]
        if OIDC_ISSUER
        else [],
    }
}
SSO_ENABLED = bool(REMOTE_USER_HEADER or OIDC_ISSUER)

# Local sign-up (anyone in SIGNUP_ALLOWED_DOMAINS asks for a link) and passwords: on
# without SSO, off with it unless the operator turns them on.
SIGNUP_OPEN = env_bool("SIGNUP_OPEN", not SSO_ENABLED)
SIGNUP_ALLOWED_DOMAINS = [domain.lower() for domain in env_list("SIGNUP_ALLOWED_DOMAINS")]
PASSWORDS_ALLOWED = env_bool("PASSWORDS_ALLOWED", False)
# Sign-in by e-mailed link: on without SSO; with SSO off unless turned on, so that nobody
# gets round the identity provider's own checks (MFA) by reading a mailbox.
SIGN_IN_BY_LINK = env_bool("SIGN_IN_BY_LINK", not SSO_ENABLED)
# Only colleagues on the imported staff list may sign in (any sign-in mode).
SIGN_IN_DIRECTORY_ONLY = env_bool("SIGN_IN_DIRECTORY_ONLY", False)

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"] if PASSWORDS_ALLOWED else ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"  # kept equal to the e-mail
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = SIGN_IN_BY_LINK
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # outside the allowed domains: no mail at all
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_FORMS = {
    "request_login_code": "accounts.forms.RequestSignInLinkForm",
    "login": "accounts.forms.PasswordLoginForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # a verified address from SSO finds its account
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider vouches for the address, or:
# An identity provider that leaves out `email_verified` (Entra ID does) or sends it false
# has not vouched for the address: its sign-in proves nothing and creates or connects no
# account, unless the operator says the provider's addresses are its own to give.
OIDC_TRUST_UNVERIFIED_EMAIL = env_bool("OIDC_TRUST_UNVERIFIED_EMAIL", False)
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False  # nothing about the colleague beyond the address
USERSESSIONS_TRACK_ACTIVITY = False  # sessions are listed to end them on deletion

# Rate limits live in the shared cache, per client address and per account. Asking for a
# sign-in link is limited per address only: a stranger can never stop its owner.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# The addresses (or networks) of the reverse proxies in front of the app. Only a request
# from one of them may say who the client is (X-Forwarded-For) or who is signed in (the
# SSO header); anyone else is taken at their own address (accounts/clients.py).
TRUSTED_PROXIES_SET = "TRUSTED_PROXIES" in os.environ
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "request_login_code": "10/m/ip",
    "signup": "10/m/ip",
    "confirm_email": "1/10s/key",
    "reset_password": "10/m/ip,3/m/key",
}
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 5

# Every app server shares one cache: the database's own (manage.py migrate creates it).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    },
    # Fragments of the guide's pages ({% cache ... using="pages" %}), in each process's memory.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}

# Background work (mail, the dashboard's recount) runs in the worker: `manage.py worker`
# (make run starts it; docs/deploy.md runs it under systemd). Tasks wait in the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# At most this many campaign mails a minute, whatever the number of workers (0: no cap).
MAIL_PER_MINUTE = env_int("MAIL_PER_MINUTE", 0)
# Managers see their team's figures; with this on (where the works agreement allows it),
# also the names of colleagues not finished.
MANAGERS_SEE_NAMES = env_bool("MANAGERS_SEE_NAMES", False)

# The dashboard's figures are counted again by the worker when they are older than this
# many seconds (0: counted on every visit, in the request): counting 100,000 colleagues
# takes about a second (champions/adoption.py).
DASHBOARD_SECONDS = env_int("DASHBOARD_SECONDS", 60)

# SCIM provisioning (/scim/v2/): requests per minute for each token, and for each client
# address without a valid one.
SCIM_REQUESTS_PER_MINUTE = env_int("SCIM_REQUESTS_PER_MINUTE", 6000)
SCIM_ANONYMOUS_PER_MINUTE = env_int("SCIM_ANONYMOUS_PER_MINUTE", 30)

# Reminder e-mails (manage.py send_reminders) go at most once per this many days.
REMINDER_INTERVAL_DAYS = env_int("REMINDER_INTERVAL_DAYS", 7)

# A step not verified for this many days is named on the dashboard as due for a look.
VERIFY_EVERY_DAYS = env_int("VERIFY_EVERY_DAYS", 90)

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "guide:checklist"
LOGOUT_REDIRECT_URL = "guide:landing"

# The site's languages. A reader gets the one they chose with the switcher (a cookie),
# else the one their account saved, else their browser's; the default is for everyone
# else and for e-mails to colleagues who have not chosen (LANGUAGE_CODE=de for a German
# company). Adding a language: README, "Adding a language".
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them ("1 December 2026", "1. Dezember 2026").
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The guide's content in each language (guide/translation.py); an untranslated field
# shows the English text, marked as such on the page.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Mail: the console by default, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "privacy@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Security headers. Nothing is loaded from another origin, so the policy is strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
if OIDC_ISSUER:
    # Signing in posts a form here that redirects to the provider: allow that one origin.
    _issuer = urlsplit(OIDC_ISSUER)
    SECURE_CSP["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# htmx sends the token from the page (hx-headers), so no script ever needs the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# HSTS is on whenever DEBUG is off, for an hour to begin with: raise it (a year is
# 31536000) once HTTPS works everywhere.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Preloading HSTS into browsers is a decision about the company's whole domain, not this
# app's: SECURE_HSTS_PRELOAD opts in, and its absence is not a warning.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is polled over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
