"""The secret key production accepts: Django signs sessions, password-reset links, CSRF tokens
and the preview tokens with it, so a short or published key lets anyone forge them."""

from django.core.exceptions import ImproperlyConfigured

# Known to everyone who has read this repository: development only (cms.settings.dev).
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
MINIMUM_LENGTH = 50
MINIMUM_UNIQUE_CHARACTERS = 5
GENERATE_ONE = (
    "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
    "For development, use `make run` or DJANGO_SETTINGS_MODULE=cms.settings.dev."
)


def check_production_secret_key(key):
    """Raise ImproperlyConfigured unless `key` is fit for production: set, at least 50
    characters of at least 5 different ones (Django's `check --deploy` warns below that), and
    not the development key nor Django's `startproject` placeholder kind."""
    if not key:
        problem = "SECRET_KEY must be set in the environment for production."
    elif key == DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure"):
        problem = "SECRET_KEY is a published development key."
    elif len(key) < MINIMUM_LENGTH:
        problem = (
            f"SECRET_KEY must be at least {MINIMUM_LENGTH} characters long (it has {len(key)})."
        )
    elif len(set(key)) < MINIMUM_UNIQUE_CHARACTERS:
        problem = f"SECRET_KEY must use at least {MINIMUM_UNIQUE_CHARACTERS} different characters."
    else:
        return
    raise ImproperlyConfigured(f"{problem} {GENERATE_ONE}")
