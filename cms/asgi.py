"""The ASGI entry point (`uvicorn cms.asgi:application`): production settings unless
DJANGO_SETTINGS_MODULE names others. Development runs through `make run` (cms.settings.dev)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_asgi_application()
