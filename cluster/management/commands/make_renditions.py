from django.core.management.base import BaseCommand

from wagtail.images import get_image_model

from cluster.renditions import make_renditions

BATCH = 100


class Command(BaseCommand):
    help = (
        "Make the API's renditions of every image that lacks some, one at a time, in this "
        "process: after upgrading to a version that adds a rendition, or for images uploaded "
        "while no task worker ran."
    )

    def handle(self, verbosity, **options):
        ids = list(get_image_model().objects.order_by("pk").values_list("pk", flat=True))
        made = 0
        for start in range(0, len(ids), BATCH):
            made += make_renditions.call(ids[start : start + BATCH])
        self.stdout.write(f"Made {made} renditions for {len(ids)} images.")
