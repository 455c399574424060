"""import_translations never overwrites a translator's work in the admin (content_import/
conflicts.py does the same for the English content).

After applying a PO file, the import remembers the translated object's revision
(`ImportRecord`, language = the file's). Before the next import writes that object again, a
change in the admin since is a conflict: a newer revision of the translation (published from the
translation editor, or the translated page edited), a string saved in the translation editor by
a user, or the translation unpublished or deleted. Listed as `es/citypage/anyang.po:1: es
cluster.citypage:anyang: changed in the admin on <date> by <user> (edited)`.

Strings the files already hold (exported with export_translations) are no conflict: the import
takes them on as its own. A translated page edited directly is no conflict while the files
change nothing in it, and stays one: the files hold nothing of it, so it is not taken on.
"""

from django.utils import timezone

from wagtail_localize.models import StringTranslation

from cluster.content_import.conflicts import (
    AdminChange,
    Conflict,
    by_a_user,
    change_from_log,
    latest_logged,
    logged,
    remember,
)


def translation_change(record, translated, source_instance, locale):
    """How the translation of `source_instance` into `locale` was changed in the admin by a
    user since `record` was written (or ever, without a record), or None."""
    return by_a_user(translation_changed_since(record, translated, source_instance, locale))


def translation_changed_since(record, translated, source_instance, locale):
    if record is not None and translated is None:
        entry = logged(record.content_type, record.object_id, "wagtail.delete")
        return change_from_log(entry, "deleted")
    if translated is None:
        return None
    if record is not None and record.live and not getattr(translated, "live", True):
        return change_from_log(latest_logged(translated, "wagtail.unpublish"), "unpublished")
    strings = StringTranslation.objects.filter(
        context__object_id=source_instance.translation_key,
        locale=locale,
        last_translated_by__isnull=False,
    )
    if record is not None:
        strings = strings.filter(updated_at__gt=record.imported_at)
    string = strings.select_related("last_translated_by").order_by("-updated_at").first()
    if string is not None:
        return AdminChange("edited", string.last_translated_by, string.updated_at, in_strings=True)
    revision = translated.latest_revision
    if revision is None:
        return None
    if record is None and revision.user_id is None:
        return None
    if record is not None and translated.latest_revision_id == record.revision_id:
        return None
    return AdminChange("edited", revision.user, revision.created_at)


def conflict(translation_file, directory, change):
    name = translation_file.path
    if directory is not None:
        name = name.relative_to(directory)
    label = f"{translation_file.locale.language_code} {object_key_of(translation_file.instance)}"
    return Conflict(str(name), 1, label, change)


def object_key_of(instance):
    return f"{instance._meta.label_lower}:{instance.slug}"


def remember_translation(record, translation_file, directory, *, adopted):
    """Store what the import left the translation as (its revision); `adopted` when it wrote
    over or took on the admin's changes, which then count as the import's own."""
    translated = translation_file.instance.get_translation_or_none(translation_file.locale)
    if translated is None:
        return
    name = translation_file.path
    if directory is not None:
        name = name.relative_to(directory)
    record = remember(
        record,
        object_key_of(translation_file.instance),
        translation_file.locale.language_code,
        translated,
        file=str(name),
    )
    if adopted:
        record.imported_at = timezone.now()
        record.save(update_fields=["imported_at"])
