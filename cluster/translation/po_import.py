"""Translations travel as gettext PO files, one per translatable object and language.

A file is named `<language>/<model>/<slug>.po` and says which object it translates in its
header (`X-Cluster-Object: cluster.citypage:anyang`), so the same files apply to any database
that holds the English content. Entries are wagtail-localize's own strings: `msgctxt` is the
field path (`summary`, `body.<block id>`), `msgid` the English text, `msgstr` its translation.
Exporting them is in `translation_export`.

Importing validates every file first and writes nothing if any entry is wrong; then, in one
transaction, for each object it brings wagtail-localize's `TranslationSource` up to the live
English object (`update_or_create_from_instance`, which leaves an unchanged source alone),
records the `Translation` into the file's language, stores the strings in the translation memory
(`StringTranslation`, as reviewed by a person) and, when the strings or the source changed,
creates or updates the translated object with `create_or_update_translation` and publishes it.
The admin therefore shows these objects as translations, and numbers, years and other
untranslatable values come from the source.

Entries flagged `fuzzy` (a machine translation nobody has reviewed, or a translation of an
earlier English text, shown as `#| msgid`) are exported for review and not imported until a
translator removes the flag.
"""

from dataclasses import dataclass, field
from pathlib import Path

import polib

from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from cluster.content_import.conflicts import FORCE, STOP, ImportConflicts, recorded
from cluster.content_import.shown import shown
from cluster.languages import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from cluster.translation.glossary_checks import Glossary, is_checked_context
from cluster.translation.po_export import (  # noqa: F401  (re-exported: the commands and tests use them)
    MACHINE_COMMENT,
    export_translations,
    stored_translations,
)
from cluster.translation.translatable import (
    OBJECT_HEADER,
    find_source_object,
    object_key,
    relative_path,  # noqa: F401  (re-exported)
    source_objects,
    source_strings,
)
from cluster.translation.translation_conflicts import (
    conflict,
    remember_translation,
    translation_change,
)
from cluster.translation.translation_limits import too_long
from cluster.translation.translation_markup import markup_problem


class TranslationFilesInvalid(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in the translation files")


@dataclass
class TranslationFileError:
    file: str
    message: str
    entry: str = ""

    def __str__(self):
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        return f"{where}: {self.message}"


# --- validating files ---------------------------------------------------------------------


@dataclass
class TranslationFile:
    path: Path
    instance: object
    locale: Locale
    entries: list = field(default_factory=list)  # (context, msgid, msgstr) to apply
    # TranslationFileErrors for entries that lack a glossary term's approved form: reported,
    # imported all the same (unless `import_translations --strict`).
    glossary_findings: list = field(default_factory=list)


def glossary_findings(files):
    return [finding for f in files for finding in f.glossary_findings]


def read_translation_files(directory, glossary=None):
    """Parse and check every `*.po` file under `directory`; raise TranslationFilesInvalid with
    every problem found, or return the files ready to apply, each with its glossary findings
    (against `glossary`, by default the database's)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise TranslationFilesInvalid([TranslationFileError(str(directory), "not a directory")])
    paths = sorted(directory.rglob("*.po"))
    if not paths:
        raise TranslationFilesInvalid([TranslationFileError(str(directory), "no .po files found")])
    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(language_code__in=TRANSLATION_LANGUAGES)
    }
    ordered = source_objects()
    order = {object_key(instance): index for index, instance in enumerate(ordered)}
    live = {object_key(instance): instance for instance in ordered}
    glossary = Glossary.from_database() if glossary is None else glossary
    errors, files, seen = [], [], {}
    for path in paths:
        name = str(path)
        translation_file = check_translation_file(path, locales, errors, live, glossary)
        if translation_file is None:
            continue
        identity = (object_key(translation_file.instance), translation_file.locale.language_code)
        if identity in seen:
            errors.append(
                TranslationFileError(name, f"translates the same object as {seen[identity]}")
            )
            continue
        seen[identity] = name
        files.append(translation_file)
    if errors:
        raise TranslationFilesInvalid(errors)
    return sorted(files, key=lambda f: (order.get(object_key(f.instance), len(order)), str(f.path)))


def check_translation_file(path, locales, errors, live=None, glossary=None):
    """The checked file, or None with its problems added to `errors`. `live` ({object key:
    instance}, from `source_objects()`) spares a query per file for the objects it holds;
    `glossary` (a Glossary) adds its findings to the file's `glossary_findings`."""
    name = str(path)
    try:
        po = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        errors.append(TranslationFileError(name, f"not a readable PO file ({error})"))
        return None
    language = po.metadata.get("Language", "").strip().lower()
    if language not in locales:
        errors.append(
            TranslationFileError(
                name,
                f"Language {language!r} is not a translation language "
                f"(expected one of {', '.join(TRANSLATION_LANGUAGES)})",
            )
        )
        return None
    key = po.metadata.get(OBJECT_HEADER, "").strip()
    instance = (live or {}).get(key) or find_source_object(key)
    if instance is None:
        errors.append(
            TranslationFileError(
                name, f"{OBJECT_HEADER} {key!r} names no live {SOURCE_LANGUAGE} page or snippet"
            )
        )
        return None
    expected = set(source_strings(instance))
    translation_file = TranslationFile(path, instance, locales[language])
    file_errors = []
    for number, entry in enumerate(po, start=1):
        if entry.obsolete:
            continue
        label = f"entry {number} (msgctxt {shown(entry.msgctxt)})"
        if (entry.msgctxt, entry.msgid) not in expected:
            file_errors.append(
                TranslationFileError(
                    name,
                    "msgid does not match the current English text of this field; "
                    "export the translations again",
                    label,
                )
            )
            continue
        if not entry.msgstr or entry.fuzzy:
            continue
        problem = markup_problem(entry.msgid, entry.msgstr) or too_long(instance, entry)
        if problem:
            file_errors.append(TranslationFileError(name, problem, label))
            continue
        translation_file.entries.append((entry.msgctxt, entry.msgid, entry.msgstr))
        if glossary and is_checked_context(entry.msgctxt):
            translation_file.glossary_findings.extend(
                TranslationFileError(name, str(finding), label)
                for finding in glossary.findings(entry.msgid, entry.msgstr, language)
            )
    errors.extend(file_errors)
    return None if file_errors else translation_file


# --- applying -----------------------------------------------------------------------------


@dataclass
class TranslationReport:
    outcomes: list = field(default_factory=list)  # (language, key, outcome)
    conflicts: list = field(default_factory=list)  # changed in the admin (translation_conflicts)

    def count(self, outcome):
        return sum(1 for *_, o in self.outcomes if o == outcome)

    def summary(self):
        skipped = self.count("conflict")
        return (
            f"{self.count('created')} created, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged"
            + (f", {skipped} skipped (changed in the admin)" if skipped else "")
        )


def import_translations(files, *, user=None, progress=None, on_conflict=STOP, directory=None):
    """Apply checked files in one transaction: store the strings, then create or update and
    publish each translated object whose strings or source changed. Files come parents first
    (`read_translation_files` sorts them), so a page's translation goes under its parent's.

    A translation changed in the admin since the last import that a file would overwrite is a
    conflict (translation_conflicts.py): with STOP, ImportConflicts is raised and nothing is
    written; SKIP leaves it as it is; FORCE overwrites it. `directory` names files relatively."""
    report = TranslationReport()
    sources = {}
    with transaction.atomic():
        records = {}
        for language in {f.locale.language_code for f in files}:
            records |= {(language, k): r for k, r in recorded(language).items()}
        for number, translation_file in enumerate(files, start=1):
            key = object_key(translation_file.instance)
            language = translation_file.locale.language_code
            outcome = apply_guarded(
                translation_file,
                records.get((language, key)),
                user,
                sources,
                report,
                on_conflict,
                directory,
            )
            report.outcomes.append((language, key, outcome))
            if progress:
                progress(number, len(files), language, key, outcome)
        if report.conflicts and on_conflict == STOP:
            raise ImportConflicts(report.conflicts)
    return report


def apply_guarded(translation_file, record, user, sources, report, on_conflict, directory):
    """Apply one file unless it would overwrite a change made in the admin (see
    import_translations); the file's writes are undone to their savepoint when it would."""
    instance, locale = translation_file.instance, translation_file.locale
    translated = instance.get_translation_or_none(locale)
    change = translation_change(record, translated, instance, locale)
    savepoint = transaction.savepoint()
    outcome = apply_translation_file(translation_file, user, sources)
    if change is None or outcome == "unchanged":
        transaction.savepoint_commit(savepoint)
        if change is None or change.in_strings:  # else: the files hold nothing of the edit
            adopted = change is not None
            remember_translation(record, translation_file, directory, adopted=adopted)
        return outcome
    report.conflicts.append(conflict(translation_file, directory, change))
    if on_conflict == FORCE:
        transaction.savepoint_commit(savepoint)
        remember_translation(record, translation_file, directory, adopted=True)
        return outcome
    transaction.savepoint_rollback(savepoint)
    sources.pop(object_key(instance), None)  # its refresh was undone with the rest
    return "conflict"


def apply_translation_file(translation_file, user=None, sources=None):
    """Store one file's strings and publish its translation if anything changed. `sources`
    remembers, for one import, each object's refreshed source: its other languages' files must
    see that it changed, although it is already up to date when their turn comes."""
    instance, locale = translation_file.instance, translation_file.locale
    sources = {} if sources is None else sources
    key = object_key(instance)
    if key not in sources:
        sources[key] = refresh_source(instance)
    source, refreshed = sources[key]
    Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    strings_changed = store_strings(source, locale, translation_file.entries, user)
    existing = instance.get_translation_or_none(locale)
    if existing is not None and not (strings_changed or refreshed or is_placeholder(existing)):
        return "unchanged"
    publish_translation(source, locale, user)
    return "created" if existing is None else "updated"


def refresh_source(instance):
    """The TranslationSource of the live `instance`, brought up to it by wagtail-localize
    (which keeps a source whose content is the object's as it is); returns (source, refreshed),
    refreshed being True when it was created or its content changed."""
    before = TranslationSource.objects.get_for_instance_or_none(instance)
    source, created = TranslationSource.update_or_create_from_instance(instance)
    refreshed = before is None or created or source.last_updated_at != before.last_updated_at
    return source, refreshed


def publish_translation(source, locale, user=None):
    """Create or update the translated object and publish it now, inside the caller's
    transaction. (wagtail-localize's `save_target(publish=True)` defers publishing to the
    commit: the report could not say what was published, a failure after the commit would leave
    half an import live, and a deferred publish of a parent page saves the copy of its tree
    fields taken before its children were added.)"""
    source.create_or_update_translation(
        locale, user=user, publish=False, fallback=True, copy_parent_pages=True
    )
    translated = source.get_translated_instance(locale)
    revision = type(translated).objects.get(pk=translated.pk).latest_revision
    revision.publish(user=user)
    return translated


def is_placeholder(instance):
    """An unpublished translation, or a page that is still an alias of its source (made when a
    child page was translated first)."""
    return not getattr(instance, "live", True) or getattr(instance, "alias_of_id", None)


def source_segments(source):
    """{(context path, English text): (String, TranslationContext)} of the source's strings."""
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    return {
        (segment.context.path, segment.string.data): (segment.string, segment.context)
        for segment in segments
    }


def stored_string_translations(source, locale, contexts):
    """{(String id, TranslationContext id): StringTranslation} already stored in `locale` for
    the source's `contexts`."""
    rows = StringTranslation.objects.filter(context__in=contexts, locale=locale)
    return {(row.translation_of_id, row.context_id): row for row in rows}


def store_strings(source, locale, entries, user=None):
    """Write translations (context path, English text, translation) into wagtail-localize's
    memory as reviewed by a person; True if any was new or different. A string repeated in one
    field is one translation: the last entry wins.

    The rows are written with Django's `bulk_create`/`bulk_update`, which send no save signals
    and skip `StringTranslation.save()`: the API cache drops an object's answers on every saved
    string, a few queries each, which was a sixth of an import's time, and the publish that
    follows drops them once per object. `save()` only checks the markup and the links, which
    `markup_problem` has checked with wagtail-localize's own functions when the file was read."""
    segments = source_segments(source)
    contexts = {context for _string, context in segments.values()}
    existing = stored_string_translations(source, locale, contexts)
    now = timezone.now()
    new, changed = {}, {}
    for context_path, text, translated in entries:
        string, context = segments[context_path, text]
        key = (string.pk, context.pk)
        row = existing.get(key)
        if row is not None and row.data == translated and row.translation_type == MANUAL:
            continue
        if row is None:
            row = new.setdefault(
                key, StringTranslation(translation_of=string, context=context, locale=locale)
            )
        else:
            changed[key] = row
        row.data = translated
        row.translation_type = MANUAL
        row.tool_name = "PO file"
        row.last_translated_by = user
        row.updated_at = now
        row.has_error = False
        row.field_error = ""
    StringTranslation.objects.bulk_create(new.values())
    StringTranslation.objects.bulk_update(changed.values(), CHANGED_FIELDS)
    return bool(new or changed)


MANUAL = StringTranslation.TRANSLATION_TYPE_MANUAL
CHANGED_FIELDS = [
    "data",
    "translation_type",
    "tool_name",
    "last_translated_by",
    "updated_at",
    "has_error",
    "field_error",
]
