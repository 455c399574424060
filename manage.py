#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # A checkout's tool: development settings unless told otherwise. The server entry points
    # (cms/wsgi.py, cms/asgi.py) default to production; on a server, export
    # DJANGO_SETTINGS_MODULE=cms.settings.production for manage.py too (README, "Deployment").
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
