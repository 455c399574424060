"""The WSGI entry point (`gunicorn cms.wsgi`): production settings unless DJANGO_SETTINGS_MODULE
names others. Development runs through `make run` (cms.settings.dev)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()
