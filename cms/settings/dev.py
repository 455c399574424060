"""Local development: the embedded SQLite database unless DATABASE_URL says otherwise."""

from cms.secret_key import DEVELOPMENT_SECRET_KEY

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
