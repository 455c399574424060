from django.core.management import call_command
from django.core.management.base import BaseCommand

# What a new version needs before its web processes start, in order. Each step is safe to repeat
# and the whole runs while the previous version still serves (migrations are additive).
RELEASE_STEPS = [
    ("migrate", ["--no-input"]),
    ("createcachetable", []),  # for a database cache, if CACHES names one; else nothing
    ("collectstatic", ["--no-input"]),
    ("compile_catalogues", []),
    ("update_index", []),
]


class Command(BaseCommand):
    help = (
        "The release step (Procfile `release`), run once per deployment before the new web "
        "processes start: migrate, createcachetable, collectstatic, compile_catalogues, "
        "update_index. One process for all five: Django starts once."
    )

    def handle(self, *args, verbosity, **options):
        for name, arguments in RELEASE_STEPS:
            self.stdout.write(f"release: {name} {' '.join(arguments)}".rstrip())
            call_command(name, *arguments, verbosity=max(verbosity - 1, 0))
        self.stdout.write("release: done")
