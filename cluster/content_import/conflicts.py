"""The pipeline never overwrites an editor: what the import last wrote, and what changed since.

Every import remembers, per object and language, what it wrote (`ImportRecord`: the file and
line it came from, the revision it published, whether it was live, the parent page). Before it
writes an object again it compares that with the live object. A newer revision (saved or
published in the admin), an unpublished object, a deleted object or a page under another parent
is a change made in the admin since; if the import would overwrite it, that is a `Conflict`:
`members/anyang.yaml:12: member anyang: changed in the admin on 2026-12-06 19:30 UTC by editor
(edited)`. The import then stops and writes nothing, unless told to skip those objects or to
overwrite them (`ON_CONFLICT`).

An admin edit that the files already hold (brought back with `export_content`) is no conflict:
the import writes nothing and remembers the admin's revision as its own. For an object imported
before imports kept records, the admin's log tells: an action by a user is a change in the admin.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from wagtail.models import ModelLogEntry, Page, PageLogEntry

from cluster.models import ImportRecord

STOP, SKIP, FORCE = "stop", "skip", "force"
ON_CONFLICT = (STOP, SKIP, FORCE)

ACTIONS = {"wagtail.unpublish": "unpublished", "wagtail.delete": "deleted", "wagtail.move": "moved"}


@dataclass
class AdminChange:
    what: str  # edited | unpublished | deleted | moved
    user: object = None
    when: datetime.datetime | None = None
    in_strings: bool = False  # a translation's strings saved in the translation editor

    def __str__(self):
        when = (
            timezone.localtime(self.when, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
            if self.when
            else "an unknown date"
        )
        return f"changed in the admin on {when} by {self.user.get_username()} ({self.what})"


@dataclass
class Conflict:
    file: str
    line: int
    label: str  # "member anyang", "es cluster.citypage:anyang"
    change: AdminChange

    def __str__(self):
        return f"{self.file}:{self.line}: {self.label}: {self.change}"


class ImportConflicts(Exception):
    """Objects changed in the admin that the import would overwrite; nothing was written."""

    def __init__(self, conflicts):
        self.conflicts = conflicts
        super().__init__("\n".join(map(str, conflicts)))


def recorded(language):
    """{object key: ImportRecord} of one language, in one query."""
    return {record.object_key: record for record in ImportRecord.objects.filter(language=language)}


def admin_change(record, instance):
    """How the live `instance` was changed in the admin since `record` was written, or None.
    Without a record, the latest action a user logged on it, if any."""
    return by_a_user(changed_since(record, instance))


def by_a_user(change):
    """Only a change a user made is an editor's: one made by code (a script, the shell, the
    pipeline itself) logs no user, and the import may write over it."""
    return change if change is not None and change.user is not None else None


def changed_since(record, instance):
    if record is None:
        entry = latest_logged(instance, user_only=True)
        return change_from_log(entry, "edited") if entry else None
    if record.live and not instance.live:
        return change_from_log(latest_logged(instance, "wagtail.unpublish"), "unpublished")
    if record.parent_id is not None and isinstance(instance, Page):
        parent = instance.get_parent()
        if parent is not None and parent.pk != record.parent_id:
            return change_from_log(latest_logged(instance, "wagtail.move"), "moved")
    if instance.latest_revision_id != record.revision_id:
        revision = instance.latest_revision
        return AdminChange("edited", revision.user, revision.created_at)
    return None


def missing_change(record, model):
    """(change, object) for a recorded object that is not where the files put it: deleted
    (object None), or moved or renamed in the admin."""
    moved = model.objects.filter(pk=record.object_id).first()
    if moved is None:
        entry = logged(record.content_type, record.object_id, "wagtail.delete")
        return by_a_user(change_from_log(entry, "deleted")), None
    return by_a_user(change_from_log(latest_logged(moved, user_only=True), "moved")), moved


class Guard:
    """The conflict check of one import run (`on_conflict` one of ON_CONFLICT)."""

    def __init__(self, language, on_conflict=STOP):
        self.language = language
        self.on_conflict = on_conflict
        self.records = recorded(language)
        self.conflicts = []

    def find(self, model, key, found):
        """(record, instance, change) for the object the files name: `found` where the files
        put it, else the recorded object wherever it went (None when deleted)."""
        record = self.records.get(key)
        if found is not None:
            return record, found, admin_change(record, found)
        if record is None:
            return None, None, None
        change, moved = missing_change(record, model)
        return record, moved, change

    def allows(self, change, would_change, label, file, line=1):
        """Whether the import may write the object: nothing changed it in the admin, or the
        change is an edit the files already hold, or the import overwrites (FORCE). Every
        conflict is listed; all but FORCE leave the object as the admin left it."""
        if change is None or (change.what == "edited" and not would_change):
            return True
        self.conflicts.append(Conflict(str(file), line, label, change))
        return self.on_conflict == FORCE

    def overwrites(self, change, changed):
        """Whether an allowed write goes over a change made in the admin (FORCE)."""
        return change is not None and (change.what != "edited" or changed)

    def remember(self, record, key, instance, **written):
        """Store what was written (`written`: file, line, content_hash, parent, comments)."""
        return remember(record, key, self.language, instance, **written)


def latest_logged(instance, action=None, *, user_only=False):
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    return logged(content_type, instance.pk, action, user_only=user_only)


def logged(content_type, object_id, action=None, *, user_only=False):
    """The latest admin log entry of one object (pages and snippets log in different tables)."""
    if issubclass(content_type.model_class() or object, Page):
        entries = PageLogEntry.objects.filter(page_id=object_id)
    else:
        entries = ModelLogEntry.objects.filter(content_type=content_type, object_id=str(object_id))
    if action:
        entries = entries.filter(action=action)
    if user_only:
        entries = entries.filter(user__isnull=False)
    return entries.select_related("user").order_by("-timestamp", "-pk").first()


def change_from_log(entry, default_what):
    if entry is None:
        return AdminChange(default_what)
    return AdminChange(ACTIONS.get(entry.action, default_what), entry.user, entry.timestamp)


def data_hash(data):
    """A sha256 of the values the files gave for one object."""
    text = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def remember(
    record, key, language, instance, *, file, line=1, content_hash="", parent=None, comments=()
):
    """Store what the import wrote for `instance` (or now holds as its own; `parent` is the
    page it was written under). Writes only when something differs from `record`, so an import
    that changes nothing writes nothing."""
    values = {
        "content_type": ContentType.objects.get_for_model(instance, for_concrete_model=False),
        "object_id": str(instance.pk),
        "file": str(file),
        "line": line,
        "revision_id": instance.latest_revision_id,
        "content_hash": content_hash,
        "live": True,  # the import publishes what it writes, and adopts only live objects
        "parent_id": parent.pk if parent is not None else None,
        "comments": list(comments),
    }
    if record is not None and all(getattr(record, name) == value for name, value in values.items()):
        return record
    record, _created = ImportRecord.objects.update_or_create(
        object_key=key, language=language, defaults={**values, "imported_at": timezone.now()}
    )
    return record
