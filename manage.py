#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # Production unless told otherwise, like cms/wsgi.py: a command run on a server (migrate,
    # db_worker, import_content ...) never falls back to the development key and DEBUG.
    # The Makefile's targets and the tests name their settings (cms.settings.dev, .test, .bench).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
