"""The image renditions the API serves, made ahead of time and never inside an API request.

The API only reads renditions (`existing_renditions`); one not made yet is served as null. They
are made by background tasks (django-tasks: at once with TASKS_BACKEND=immediate, by
`manage.py db_worker` with =database):

- when an image is saved with a new file or focal point (`make_renditions`);
- when a page or snippet showing images is published, for the images it shows
  (`make_renditions_for_object`): an image chosen after its renditions were lost, or from
  before this module, gets them then;
- at import, for the members' hero images (cluster/content_import/writing.py), in the importing
  process, and for everything else with `manage.py make_renditions`.

Memory: a rendition decodes the whole original; Wagtail's `get_renditions(*filters)` decodes it
once per filter, in three threads at once (1 GiB of peak memory for a 40 Mpx RGBA PNG), so the
renditions are made one after another (0.47 GiB), and images with more pixels than
WAGTAILIMAGES_MAX_IMAGE_PIXELS (uploaded before that limit) get none.

Files: an image whose original cannot be read (deleted, gone from the bucket, on another
server's disk) gets no new renditions, with a warning in the log; the API serves the missing
ones as null and never reads an original, so such an image never breaks a page or a listing.
"""

import logging
from functools import cache, partial

from django_tasks import task

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

from wagtail import signals
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.models import Page

logger = logging.getLogger(__name__)

HERO_RENDITIONS = {
    "thumbnail": "fill-400x225",
    "card": "fill-800x450",
    "hero": "fill-1600x900",
}
# 1200 pixels wide at most, like `width-1200` for any image up to three times taller than wide;
# an even taller one is fitted into 1200x3600, where `width-1200` made renditions of any height
# (1200x12000 from a 2000x20000 image took a worker past 512 MiB).
BODY_IMAGE_RENDITION = "max-1200x3600"
API_RENDITION_SPECS = [*HERO_RENDITIONS.values(), BODY_IMAGE_RENDITION]
# Saving only these fields leaves the renditions as they were.
RENDITION_FIELDS = {
    "file",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
}


@cache  # specs come from code, never from a request
def rendition_filter(spec):
    """One Filter per spec for the process: a Filter parses its spec (with `inspect`, for each
    operation) on first use, which a spec string passed to `get_renditions` repeats for every
    image of every request."""
    return Filter(spec)


def existing_renditions(image, specs):
    """{spec: Rendition, or None when it has not been made}, creating nothing. Reads the
    renditions prefetched with the image (`hero_image__renditions`) when there are, else the
    rendition cache and the database, as Wagtail's own lookup does."""
    filters = {spec: image.clean_filter_for_svg(rendition_filter(spec)) for spec in specs}
    found = image.find_existing_renditions(*filters.values())
    return {spec: found.get(filter) for spec, filter in filters.items()}


def too_many_pixels(image):
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    return bool(limit) and image.width * image.height > limit


def make_api_renditions(image):
    """Make the API renditions `image` lacks, one after another; returns the specs made. An
    image over the pixel limit, or whose original cannot be read, gets none (the API serves
    null), with a warning."""
    if too_many_pixels(image):
        logger.warning(
            "No renditions for image %s: %sx%s pixels, more than WAGTAILIMAGES_MAX_IMAGE_PIXELS",
            image.pk,
            image.width,
            image.height,
        )
        return []
    missing = [
        spec
        for spec, rendition in existing_renditions(image, API_RENDITION_SPECS).items()
        if rendition is None
    ]
    made = []
    for spec in missing:
        try:
            image.get_rendition(rendition_filter(spec))  # one at a time: see the module docstring
        except SourceImageIOError as error:
            # A deleted file, an object gone from the bucket, an original only on another
            # server's disk: the API serves these renditions as null, and the rest as usual.
            logger.warning(
                "No renditions for image %s: its original %s cannot be read (%s)",
                image.pk,
                image.file.name,
                error,
            )
            break
        made.append(spec)
    return made


@task()
def make_renditions(image_ids):
    """Make the API renditions of these images (ids); returns how many were made."""
    images = get_image_model().objects.filter(pk__in=image_ids)
    made = 0
    for image in images.prefetch_renditions(*API_RENDITION_SPECS):
        try:
            made += len(make_api_renditions(image))
        except Exception:  # an unreadable file must not keep the other images from theirs
            logger.exception("Could not make the renditions of image %s", image.pk)
    return made


@task()
def make_renditions_for_object(model_label, pk):
    """Make the API renditions of the images a published page or snippet shows."""
    model = apps.get_model(model_label)
    instance = model.objects.filter(pk=pk).first()
    if instance is None:  # deleted since
        return 0
    return make_renditions.call(sorted(images_shown_by(instance)))


def images_shown_by(instance):
    """The ids of the images an object shows: its foreign keys to images (`hero_image`) and the
    image blocks of its StreamFields, found with Wagtail's own reference extraction."""
    Image = get_image_model()
    ids = set()
    for field in instance._meta.concrete_fields:
        if field.many_to_one and issubclass(field.related_model, Image):
            ids.add(field.value_from_object(instance))
        elif isinstance(field, StreamField):
            value = getattr(instance, field.name)
            for model, object_id, _path, _content in field.extract_references(value):
                if issubclass(model, Image):
                    ids.add(int(object_id))
    ids.discard(None)
    return ids


@cache  # a model's fields do not change while the process runs
def may_show_images(model):
    Image = get_image_model()
    return any(
        isinstance(field, StreamField)
        or (field.many_to_one and issubclass(field.related_model, Image))
        for field in model._meta.concrete_fields
    )


# --- signal receivers: each enqueues a task once the change is committed -------------------


def image_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not RENDITION_FIELDS & set(update_fields)):
        return
    transaction.on_commit(partial(make_renditions.enqueue, [instance.pk]), robust=True)


def object_published(sender, instance, **kwargs):
    if may_show_images(type(instance)):
        enqueue = partial(make_renditions_for_object.enqueue, instance._meta.label, instance.pk)
        transaction.on_commit(enqueue, robust=True)


def snippet_published(sender, instance, **kwargs):
    if not isinstance(instance, Page):  # Wagtail sends `published` for pages too
        object_published(sender, instance, **kwargs)


def connect_signals():
    post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="renditions-image")
    signals.page_published.connect(object_published, dispatch_uid="renditions-page")
    signals.published.connect(snippet_published, dispatch_uid="renditions-snippet")
