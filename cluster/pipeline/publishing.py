"""Creating a new page or snippet as a live object, in one pass.

Wagtail's usual sequence for a new object (`add_child`, `save_revision()`, `publish()`) validates
it three times, saves it three times and deserialises its first revision again to publish it:
most of the import's time per object went there. `publish_new()` writes the same rows (the
object and its inline children, its first revision as both the latest and the live one, the
history entries) and sends the same signals (`page_published` for a page and `published`),
validating once. It is for objects that do not exist yet: an object that changes goes through
Wagtail's own `save_revision().publish()`, with everything that has to consider the revisions
before it.

The import runs in one transaction and fails as a whole, so the savepoints that Wagtail and
treebeard open around each save of a page on its own would only cost round trips here: the writes
below are made without them.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision, Site
from wagtail.signals import page_published, post_page_move, published


def publish_new(instance, *, parent=None, user=None, log_also=None):
    """Save the unsaved `instance` (a page goes under `parent`), valid and live with its first
    revision, and write the history entries Wagtail writes for it ("wagtail.create" for a page,
    "wagtail.publish"), with those `log_also(instance)` returns once it is saved (written with
    them); returns the revision. Raises ValidationError, having written nothing, for an invalid
    object or a slug its siblings already use."""
    is_page = isinstance(instance, Page)
    if is_page:
        instance.locale_id = instance.locale_id or parent.locale_id
    validate(instance)  # before anything is written
    instance.live = False
    if is_page:
        add_to_tree(instance, parent)
    else:
        save_with_children(instance)
    revision = Revision.objects.create(
        content_object=instance,
        base_content_type=instance.get_base_content_type(),
        user=user,
        content=instance.serializable_data(),
        object_str=str(instance),
    )
    mark_live(instance, revision)
    published_entry = history_entry(
        instance, "wagtail.publish", user=user, revision=revision, content_changed=True
    )
    entries = [published_entry, *(log_also(instance) if log_also else [])]
    if is_page:  # as Page.save() logs a new page
        created = history_entry(
            instance, "wagtail.create", user=user or instance.owner, content_changed=True
        )
        entries.insert(0, created)
    write_history(entries)
    announce_published(instance, revision)
    return revision


def validate(instance):
    """The checks a live object gets from `full_clean()` (required fields, lengths, choices,
    StreamField blocks, the model's `clean()`), once; a page's slug is checked among its siblings
    when `add_to_tree` places it. Left to the database, which enforces them anyway: unique values
    and constraints, and that related rows exist (set by the import from objects it just read or
    wrote, they cost a query each)."""
    exclude = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    if isinstance(instance, Page):
        exclude += TREE_FIELDS
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


TREE_FIELDS = ["path", "depth", "numchild", "url_path"]  # set by add_to_tree


def add_to_tree(page, parent):
    """Insert the new `page` as the last child of `parent`, as a draft: what treebeard's
    `add_child` and `Page.save()` do for it (lock the parent's row, take the path after its last
    child, check the slug among the siblings, set the URL path, count the child), without the
    history entry `Page.save()` writes for a new page (`publish_new` writes it with the others).
    Inside `tree_changed_in_one_transaction()` the parent is read and locked once, and the slug
    checked against its children's slugs, read once."""
    tree = IMPORT_TREE.get()
    position = tree.position(parent) if tree is not None else locked_position(parent)
    page.depth = position.depth + 1
    if position.last_child_path is None:
        page.path = Page._get_path(position.path, page.depth, 1)
    else:
        page.path = Page(path=position.last_child_path)._inc_path()
    page._cached_parent_obj = parent  # as Wagtail does for a page created under a known parent
    clean_core_fields(page, position.child_slugs() if tree is not None else None)
    page.set_url_path(parent)
    save_with_children(page)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    parent.numchild = position.numchild + 1
    if tree is not None:
        position.numchild = parent.numchild
        position.last_child_path = page.path
        position.child_slugs().add(page.slug)
        tree.parents[parent.path] = position  # the save just made forgot it
    elif page.is_site_root():  # a translation of a site's root page
        Site.clear_site_root_paths_cache()


def clean_core_fields(page, sibling_slugs=None):
    """`Page.minimal_clean()`: the title cleaned, the slug and draft title set, the slug checked
    among the siblings. Given the siblings' slugs, a slug not among them is not looked up again;
    a slug among them (or none) gets Wagtail's own check, which says why it is refused."""
    if sibling_slugs is None or not page.slug or page.slug in sibling_slugs:
        page.minimal_clean()
        return
    page._set_core_field_defaults()
    page.title = page._meta.get_field("title").clean(page.title, page)


@dataclass
class Position:
    """A parent page as far as placing a new child under it goes."""

    path: str
    depth: int
    numchild: int
    last_child_path: str | None
    slugs: set | None = None  # its children's, read when first needed

    def child_slugs(self):
        if self.slugs is None:
            children = Page.objects.filter(path__startswith=self.path, depth=self.depth + 1)
            self.slugs = set(children.values_list("slug", flat=True))
        return self.slugs


def locked_position(parent):
    """The parent's row, locked until the transaction ends, and its last child."""
    locked = Page.objects.select_for_update().get(pk=parent.pk)
    last_child = None if locked.is_leaf() else locked.get_last_child()
    return Position(locked.path, locked.depth, locked.numchild, last_child and last_child.path)


class ImportTree:
    """What one transaction that adds many pages knows of the tree: the parents it has locked
    (their rows stay locked until it ends), where their next child goes and their children's
    slugs; each page's translations that are parents of new translations; the pages with view
    restrictions."""

    def __init__(self):
        self.parents = {}  # parent path -> Position
        self.translated_parents = {}  # (parent path, locale id) -> (translation, parent)
        self.restricted = None  # ids of the pages with view restrictions, read when needed

    def position(self, parent):
        if parent.path not in self.parents:
            self.parents[parent.path] = locked_position(parent)
        return self.parents[parent.path]


def sibling_slugs(parent):
    """The slugs of `parent`'s children: inside `tree_changed_in_one_transaction()` from what
    it knows (read once per parent), else None."""
    tree = IMPORT_TREE.get()
    return tree.position(parent).child_slugs() if tree is not None else None


def translated_parent(page, locale):
    """The translation into `locale` of `page`'s parent (None when it has none, or when the
    parent is the tree's root) and that parent. Inside `tree_changed_in_one_transaction()` a
    translation found is remembered for the parent's other children."""
    tree = IMPORT_TREE.get()
    key = (page.path[: -page.steplen], locale.pk)
    if tree is not None and key in tree.translated_parents:
        return tree.translated_parents[key]
    parent = page.get_parent()
    translation = None if parent.is_root() else parent.get_translation_or_none(locale)
    if tree is not None and translation is not None:
        tree.translated_parents[key] = (translation, parent)
    return translation, parent


def has_view_restrictions(page):
    """Whether the page has view restrictions of its own; inside
    `tree_changed_in_one_transaction()` the restricted pages are read once."""
    tree = IMPORT_TREE.get()
    if tree is None:
        return page.view_restrictions.exists()
    if tree.restricted is None:
        tree.restricted = set(PageViewRestriction.objects.values_list("page_id", flat=True))
    return page.pk in tree.restricted


IMPORT_TREE = ContextVar("import_tree", default=None)


@contextmanager
def tree_changed_in_one_transaction():
    """Inside the block (and its transaction), `add_to_tree` reads and locks each parent once
    instead of for every child, and new pages do not ask whether they are a site root's
    translation (a query each): the site root paths Wagtail caches are cleared once, when the
    transaction commits, which is also when other processes can first see the new pages. A page
    added, deleted or moved by other code in the block makes the parents be read again."""
    token = IMPORT_TREE.set(ImportTree())
    try:
        yield
    finally:
        IMPORT_TREE.reset(token)
    transaction.on_commit(Site.clear_site_root_paths_cache)  # not reached when the block raised


def forget_parents(sender, instance=None, created=None, **kwargs):
    """A page added (by Wagtail's `add_child` as well as by `add_to_tree`) or saved again (its
    slug may have changed): its parent is read again, and `add_to_tree` remembers its parent
    again after its own save; an existing page saved may also be a remembered translated
    parent, so those are read again. A page deleted or moved: everything is. A view restriction
    saved or deleted: the restricted pages are read again."""
    tree = IMPORT_TREE.get()
    if tree is None:
        return
    if isinstance(instance, PageViewRestriction):
        tree.restricted = None
    elif not isinstance(instance, Page):
        return
    elif created is not None:  # saved
        tree.parents.pop(instance.path[: -instance.steplen], None)
        if not created:
            tree.translated_parents.clear()
    else:
        tree.parents.clear()
        tree.translated_parents.clear()


post_save.connect(forget_parents, dispatch_uid="cluster.pipeline.publishing")
post_delete.connect(forget_parents, dispatch_uid="cluster.pipeline.publishing")
post_page_move.connect(forget_parents, dispatch_uid="cluster.pipeline.publishing")


def save_with_children(instance):
    """Insert the new `instance` and its inline children, one query per child relation
    (modelcluster's save reads the children already stored, which a new object has none of, then
    inserts them one by one). As after modelcluster's save, the children are no longer pending;
    they are kept as if prefetched (the rows just written, in order), so that serialising the
    object for its revision does not read them back."""
    if not isinstance(instance, ClusterableModel):
        instance.save()
        return
    super(ClusterableModel, instance).save()  # Model.save(): its rows, not its children
    pending = getattr(instance, "_cluster_related_objects", {})
    for relation in get_all_child_relations(instance):
        children = list(pending.pop(relation.get_accessor_name(), []))
        for child in children:
            setattr(child, relation.field.name, instance)
        if issubclass(relation.related_model, ClusterableModel):
            for child in children:  # a comment with its replies
                child.save()
        else:
            relation.related_model.objects.bulk_create(children)
        keep_as_prefetched(instance, relation, children)


def keep_as_prefetched(instance, relation, rows):
    """What `prefetch_related` leaves on `instance` for `relation`, with `rows` as the result."""
    queryset = relation.related_model._default_manager.filter(**{relation.field.name: instance})
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[relation.cache_name] = queryset


def mark_live(instance, revision):
    """Set and write the fields a first publish sets, in one UPDATE (no save signals: the save
    just made sent them)."""
    now = timezone.now()
    state = {
        "live": True,
        "has_unpublished_changes": False,
        "expired": False,
        "first_published_at": now,
        "last_published_at": now,
        "latest_revision_created_at": revision.created_at,
        "draft_title": getattr(instance, "title", None),
        "latest_revision": revision,
        "live_revision": revision,
    }
    names = {field.name for field in instance._meta.concrete_fields}
    state = {name: value for name, value in state.items() if name in names}
    for name, value in state.items():
        setattr(instance, name, value)
    table = instance._meta.get_field("live").model  # Page for every page type
    table._base_manager.filter(pk=instance.pk).update(**state)


def history_entry(instance, action, *, user=None, data=None, **fields):
    """The entry `wagtail.log_actions.log(instance, action, ...)` would write, unsaved, for
    `write_history`: the same model, label, user and uuid of the active log context."""
    if not log_registry.action_exists(action):
        raise ValueError(f"unregistered log action {action!r}")
    model = log_registry.get_log_model_for_instance(instance)
    context = get_active_log_context()
    if issubclass(model, PageLogEntry):
        fields["page"] = instance
    else:
        fields["object_id"] = str(instance.pk)
    return model(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        label=model.objects.get_instance_title(instance),
        action=action,
        timestamp=timezone.now(),
        data=data or {},
        user=user or context.user,
        uuid=context.uuid,
        **fields,
    )


class HeldInserts:
    """Rows that `add` inserts at once (with `insert`, a function of a list of rows), except
    inside `held()`: there they are kept and inserted `batch` at a time, the last when the block
    ends without an error (or at `flush()`), one query for many objects instead of one each."""

    def __init__(self, name, insert, batch=500):
        self.pending = ContextVar(name, default=None)
        self.insert = insert
        self.batch = batch

    def add(self, rows):
        pending = self.pending.get()
        if pending is None:
            self.insert(rows)
            return
        pending.extend(rows)
        if len(pending) >= self.batch:
            self.flush()

    def flush(self):
        pending = self.pending.get()
        if pending:
            self.insert(list(pending))
            pending.clear()

    @contextmanager
    def held(self):
        if self.pending.get() is not None:
            yield  # already held by an enclosing block
            return
        rows = []
        token = self.pending.set(rows)
        try:
            yield
        finally:
            self.pending.reset(token)
        if rows:  # not reached when the block raised
            self.insert(rows)


def insert_history(entries):
    by_model = {}
    for entry in entries:
        by_model.setdefault(type(entry), []).append(entry)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)


# Inside an import's transaction (`history_written_at_end()`), history entries are inserted a few
# hundred at a time: nothing reads an object's history while it is being imported.
HISTORY = HeldInserts("pending_history", insert_history)
history_written_at_end = HISTORY.held


def write_history(entries):
    """Insert the entries, one query per log model. `BaseLogEntry.save()` would run
    `full_clean()` on each, a query for every foreign key, to check rows this import has just
    written; the action was checked by `history_entry`. Inside `history_written_at_end()` they
    are inserted with others, a few hundred at a time."""
    HISTORY.add(entries)


def announce_published(instance, revision):
    if isinstance(instance, Page):
        page_published.send(sender=instance.specific_class, instance=instance, revision=revision)
    published.send(sender=type(instance), instance=instance, revision=revision)
