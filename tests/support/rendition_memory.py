"""Run as `python -m tests.support.rendition_memory IMAGE MEDIA_DIR`: in a fresh process, save
IMAGE as a Wagtail image, which makes its API renditions (the task runs at once with the
immediate backend, as it runs in a worker with the database one), and print the process's peak
memory and the renditions made: `{"peak_mib": 466, "renditions": ["fill-1600x900", ...]}`.

The process has the project's settings and apps loaded, as a worker does, and an in-memory
SQLite database made from the models (no migrations: a second instead of a minute). The image
row is given its size, so that only the renditions decode the file."""

import json
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402
from django.conf import settings  # noqa: E402


class NoMigrations(dict):
    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


def peak_resident_kib():
    """This process's own peak resident memory (`VmHWM`, kept per address space). Not
    `getrusage`'s `ru_maxrss`: Linux carries it across `exec` from the process that started
    this one, so under a pytest process of 500 MiB it reported 500 MiB whatever happened here."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(image_path, media_dir):
    settings.MIGRATION_MODULES = NoMigrations()
    settings.MEDIA_ROOT = media_dir
    django.setup()

    from PIL import Image as PILImage

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from wagtail.images import get_image_model
    from wagtail.models import Collection

    call_command("migrate", run_syncdb=True, verbosity=0)
    Collection.add_root(name="Root")
    with PILImage.open(image_path) as header_only:
        width, height = header_only.size
    with open(image_path, "rb") as file:
        name = default_storage.save(f"original_images/{os.path.basename(image_path)}", file)
    image = get_image_model().objects.create(
        title="largest allowed", file=name, width=width, height=height, file_size=1, file_hash="-"
    )
    peak_mib = peak_resident_kib() / 1024
    renditions = sorted(image.renditions.values_list("filter_spec", flat=True))
    print(json.dumps({"peak_mib": round(peak_mib), "renditions": renditions}))


if __name__ == "__main__":
    main(*sys.argv[1:])
