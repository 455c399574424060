"""Translations follow their source: publishing a source page or snippet refreshes its
translation source, so the translation editor always shows the current English.

wagtail-localize refreshes a source only when an editor clicks "Sync translated pages"; these
receivers do what that button does (`TranslationSource.update_from_db()`), in a background task
queued when the publishing transaction commits (the immediate backend runs it at once).
Unchanged strings keep their translations; a changed string has none until a translator gives
it one (the editor offers the previous one, `cluster.translation.previous_translations`); the
translation itself is not republished, so what a translator typed (drafts of other strings
included, which are stored as strings too) stays as it was, and the item is `outdated`
(`cluster.translation.progress`) until the translator publishes it again.
"""

from functools import partial

from django_tasks import task

from django.apps import apps
from django.db import transaction

from wagtail.models import Page, TranslatableMixin
from wagtail.signals import page_published, published
from wagtail_localize.models import TranslationSource


@task()
def refresh_translation_source(model_label, pk):
    """Bring the translation source of a published object up to date; returns whether it had one
    to refresh. A translation (an object that is not a source) never becomes one."""
    instance = apps.get_model(model_label).objects.filter(pk=pk).first()
    if instance is None:  # deleted since
        return False
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None or not source.translations.filter(enabled=True).exists():
        return False
    source.update_from_db()  # publishes nothing
    return True


def queue_refresh(model, pk):
    if issubclass(model, TranslatableMixin):
        label = model._meta.label_lower
        transaction.on_commit(partial(refresh_translation_source.enqueue, label, pk), robust=True)


def page_was_published(sender, instance, **kwargs):
    queue_refresh(instance.specific_class or type(instance), instance.pk)


def object_was_published(sender, instance, **kwargs):
    # Wagtail 8 sends `published` for a page too, after `page_published`.
    if not isinstance(instance, Page):
        queue_refresh(type(instance), instance.pk)


def connect_signals():
    uid = "cluster.translation.source_refresh"
    page_published.connect(page_was_published, dispatch_uid=uid)
    published.connect(object_was_published, dispatch_uid=uid)
