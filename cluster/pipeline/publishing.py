"""Creating a new page or snippet as a live object, in one pass.

Wagtail's usual sequence for a new object (`add_child`, `save_revision()`, `publish()`) validates
it three times, saves it three times and deserialises its first revision again to publish it:
most of the import's time per object went there. `publish_new()` writes the same rows (the
object and its inline children, its first revision as both the latest and the live one, the
"wagtail.publish" log entry) and sends the same signals (`page_published` for a page and
`published`), validating once. It is for objects that do not exist yet: an object that changes
goes through Wagtail's own `save_revision().publish()`, with everything that has to consider the
revisions before it.
"""

from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signals import page_published, published


def publish_new(instance, *, parent=None, user=None):
    """Save the unsaved `instance` (a page goes under `parent`), valid and live with its first
    revision; returns the revision. Raises ValidationError, having written nothing, for an
    invalid object or a slug its siblings already use."""
    is_page = isinstance(instance, Page)
    if is_page:
        instance.locale_id = instance.locale_id or parent.locale_id
    validate(instance)  # before anything is written
    instance.live = False
    if is_page:
        parent.add_child(instance=instance)  # as a draft: the slug is checked among siblings
    else:
        instance.save()
    revision = Revision.objects.create(
        content_object=instance,
        base_content_type=instance.get_base_content_type(),
        user=user,
        content=instance.serializable_data(),
        object_str=str(instance),
    )
    mark_live(instance, revision)
    log(instance=instance, action="wagtail.publish", user=user, revision=revision)
    announce_published(instance, revision)
    return revision


def validate(instance):
    """The checks a live object gets from `full_clean()` (required fields, lengths, choices,
    StreamField blocks, the model's `clean()`), once; a page's slug is checked among its siblings
    when `add_child` places it. Left to the database, which enforces them anyway: unique values
    and constraints, and that related rows exist (set by the import from objects it just read or
    wrote, they cost a query each)."""
    exclude = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    if isinstance(instance, Page):
        exclude += TREE_FIELDS
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


TREE_FIELDS = ["path", "depth", "numchild", "url_path"]  # set by add_child


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


def announce_published(instance, revision):
    if isinstance(instance, Page):
        page_published.send(sender=instance.specific_class, instance=instance, revision=revision)
    published.send(sender=type(instance), instance=instance, revision=revision)
