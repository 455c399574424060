"""Search-index and reference-index updates during an import: once per object, after the writes.

Wagtail enqueues a search-index task (modelsearch's `insert_or_update_object_task`) and a
reference-index task (`update_reference_index_task`) on every save of an indexed model. Creating
and publishing one page saves it three or four times, and with the immediate task backend (the
default) every one of those tasks runs at once: an import indexed each object over and over, and
that was a third of its time. Wagtail offers no switch for this (its
`disable_reference_index_auto_update()` drops the updates, it does not postpone them), hence the
small task backend wrapper below. `import_transaction()` is the transaction an import writes in,
with these updates and the API cache invalidation deferred to its end.
"""

from collections import defaultdict
from contextlib import contextmanager

from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from modelsearch.backends import get_search_backends_with_name
from modelsearch.tasks import insert_or_update_object_task

from django.apps import apps
from django.db import transaction

from modelcluster.fields import ParentalKey
from wagtail.tasks import update_reference_index_task

from ..api.caching import invalidation_deferred
from .publishing import history_written_at_end, tree_changed_in_one_transaction

# Tasks that only bring an index up to date with an object's current row: running one once,
# after the last save, has the same effect as running it after every save.
SEARCH_TASK = insert_or_update_object_task.func
REFERENCE_TASK = update_reference_index_task.func
DEFERRABLE_TASKS = {SEARCH_TASK, REFERENCE_TASK}


class CollectingBackend:
    """Stands in for a task backend in one thread: index tasks are remembered once per
    (task, arguments), every other task goes straight to the real backend."""

    def __init__(self, backend):
        self.backend = backend
        self.deferred = {}

    def enqueue(self, task, args, kwargs):
        if task.func not in DEFERRABLE_TASKS or kwargs:
            return self.backend.enqueue(task, args, kwargs)
        self.deferred.setdefault((task.func, *args), task)
        return None

    def flush(self):
        """Run (or, on a real queue, enqueue) each collected update once. With the immediate
        backend the search index is updated in bulk, one batch per model: the PostgreSQL
        backend recomputes its title norms over the whole index after every batch, which made
        indexing objects one by one slower the larger the site."""
        search = {key: task for key, task in self.deferred.items() if key[0] is SEARCH_TASK}
        references = {key: task for key, task in self.deferred.items() if key not in search}
        self.deferred.clear()
        if isinstance(self.backend, ImmediateBackend):
            index_in_bulk([key[1:] for key in search])
        else:
            self.enqueue_each(search)
        self.enqueue_each(with_children_as_parents(references))

    def enqueue_each(self, tasks):
        for (_func, *args), task in tasks.items():
            self.backend.enqueue(task, args, {})

    def __getattr__(self, name):
        return getattr(self.backend, name)


def index_in_bulk(objects):
    """What `insert_or_update_object_task` does for each (app label, model name, pk), for all of
    them: the object's indexed instance goes to every auto-updated search backend."""
    pks_by_model = defaultdict(set)
    for app_label, model_name, pk in objects:
        pks_by_model[apps.get_model(app_label, model_name)].add(pk)
    indexed_by_model = defaultdict(dict)
    for model, pks in pks_by_model.items():
        for instance in model.get_indexed_objects().filter(pk__in=pks):
            indexed = instance.get_indexed_instance()
            if indexed is not None:
                indexed_by_model[type(indexed)][indexed.pk] = indexed
    backends = [backend for _name, backend in get_search_backends_with_name(with_auto_update=True)]
    for model, indexed in indexed_by_model.items():
        for backend in backends:
            backend.add_bulk(model, list(indexed.values()))


def with_children_as_parents(tasks):
    """Reference-index tasks, with an inline child's task (a topic link, a recording) replaced by
    its parent's, which the task would index anyway: one query per child model, and the parent
    is indexed once however many children it has."""
    result, children = {}, defaultdict(dict)
    for key, task in tasks.items():
        _func, app_label, model_name, pk = key
        model = apps.get_model(app_label, model_name)
        parental_keys = [f for f in model._meta.get_fields() if isinstance(f, ParentalKey)]
        if key[0] is REFERENCE_TASK and parental_keys:
            children[model, parental_keys[0]][str(pk)] = task
        else:
            result[key] = task
    for (model, parental_key), child_tasks in children.items():
        parent_model = parental_key.related_model._meta
        rows = model.objects.filter(pk__in=list(child_tasks)).values_list(
            "pk", parental_key.attname
        )
        for pk, parent_pk in rows:
            if parent_pk is not None:
                key = (
                    REFERENCE_TASK,
                    parent_model.app_label,
                    parent_model.model_name,
                    str(parent_pk),
                )
                result.setdefault(key, child_tasks[str(pk)])
    return result


@contextmanager
def index_updates_deferred():
    """Within the block, index tasks are collected (in this thread only) and each distinct one is
    enqueued once, on the real backend, when the block ends without an error. Call it inside the
    import's transaction: with the immediate backend the index rows are then written in that
    transaction too, so a failed import leaves none behind."""
    aliases = list(task_backends.settings)
    if any(isinstance(task_backends[alias], CollectingBackend) for alias in aliases):
        yield  # already deferred by an enclosing block
        return
    collectors = {alias: CollectingBackend(task_backends[alias]) for alias in aliases}
    for alias, collector in collectors.items():
        task_backends[alias] = collector
    try:
        yield
    finally:
        for alias, collector in collectors.items():
            task_backends[alias] = collector.backend
    for collector in collectors.values():  # not reached when the block raised
        collector.flush()


@contextmanager
def import_transaction():
    """The one transaction an import writes in, with the index updates, the response cache
    invalidation and the clearing of the site root paths its changes cause done once, when it
    ends without an error (the indexes first, since what a change affects is read from them),
    each parent page read and locked once for all the children added under it, and the history
    entries of many objects inserted together (`history_written_at_end`)."""
    with (
        transaction.atomic(),
        history_written_at_end(),
        tree_changed_in_one_transaction(),
        invalidation_deferred(),
        index_updates_deferred(),
    ):
        yield
