"""An editor in a process of its own: `manage.py shell -c "...; serve()"` reads one JSON command
a line from stdin (`{"do": "restrict_page", "args": {"slug": "anyang"}}`), makes the change the way
the admin or an import does, in one transaction, and answers on stdout with a line starting
with `ANSWER` once the change has committed. Used by tests/delivery/test_shared_cache.py, which
asks its servers, in other processes, whether they see the change.
"""

import json
import sys
import traceback

from django.db import transaction

ANSWER = "ANSWER "


def english_city(slug):
    from cluster.models import CityPage

    return CityPage.objects.get(locale__language_code="en", slug=slug)


def publish_city_summary(slug, summary):
    page = english_city(slug)
    page.summary = summary
    page.save_revision().publish()
    return page.pk


def publish_news_title(pk, title):
    from cluster.models import NewsItem

    item = NewsItem.objects.get(pk=pk)
    item.title = title
    item.save_revision().publish()


def mark_one_string_machine_translated(slug, language):
    """A translator's string becomes a machine translation nobody has reviewed (as the
    translation editor's "Translate with ..." saves it): nothing is published."""
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    source = TranslationSource.objects.get_for_instance(english_city(slug))
    segment = StringSegment.objects.filter(source=source).order_by("order").first()
    string = StringTranslation.objects.get(
        translation_of=segment.string, context=segment.context, locale__language_code=language
    )
    string.translation_type = StringTranslation.TRANSLATION_TYPE_MACHINE
    string.save()


def sync_translation_source(slug):
    """The admin's "Sync translated pages" without publishing: the source takes the English
    page's current content."""
    from wagtail_localize.models import TranslationSource

    TranslationSource.objects.get_for_instance(english_city(slug)).update_from_db()


def restrict_page(slug):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=english_city(slug), restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )


def move_image_to_new_collection(image_pk, name):
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    collection = Collection.get_first_root_node().add_child(name=name)
    image = get_image_model().objects.get(pk=image_pk)
    image.collection = collection
    image.save()
    return collection.pk


def restrict_collection(collection_pk):
    from wagtail.models import Collection, CollectionViewRestriction

    CollectionViewRestriction.objects.create(
        collection=Collection.objects.get(pk=collection_pk),
        restriction_type=CollectionViewRestriction.LOGIN,
    )


COMMANDS = {
    command.__name__: command
    for command in (
        publish_city_summary,
        publish_news_title,
        mark_one_string_machine_translated,
        sync_translation_source,
        restrict_page,
        move_image_to_new_collection,
        restrict_collection,
    )
}


def serve():
    for line in sys.stdin:
        command = json.loads(line)
        try:
            with transaction.atomic():
                result = COMMANDS[command["do"]](**command.get("args", {}))
            answer = {"result": result}
        except Exception:  # noqa: BLE001 (reported to the test, which fails with it)
            answer = {"error": traceback.format_exc()}
        print(ANSWER + json.dumps(answer), flush=True)
