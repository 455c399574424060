"""Translations travel as gettext PO files, one per translatable object and language.

A file is named `<language>/<model>/<slug>.po` and says which object it translates in its
header (`X-Cluster-Object: cluster.citypage:anyang`), so the same files apply to any database
that holds the English content. Entries are wagtail-localize's own strings: `msgctxt` is the
field path (`summary`, `body.<block id>`), `msgid` the English text, `msgstr` its translation.

Importing validates every file first and writes nothing if any entry is wrong; then it stores
the strings in wagtail-localize's translation memory (`StringTranslation`), refreshes the
`TranslationSource` from the live English object and creates or updates the translated object,
publishing it: a first translation in one pass (`create_translation`, the steps of
wagtail-localize's `create_or_update_translation` for a new object, then `publish_new`), an
existing one through `create_or_update_translation` itself. The admin therefore shows these
objects as translations, and numbers, years and other untranslatable values come from the source.

Entries flagged `fuzzy` (a machine translation nobody has reviewed, or a translation of an
earlier English text, shown as `#| msgid`) are exported for review and not imported until a
translator removes the flag.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.db.models import ForeignKey, ManyToOneRel, prefetch_related_objects
from django.db.models.signals import pre_delete
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.fields import copy_synchronised_fields, get_translatable_fields
from wagtail_localize.models import String, StringTranslation, TranslationContext, TranslationSource
from wagtail_localize.models import Translation as LocalizeTranslation
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.ingest import ingest_segments
from wagtail_localize.strings import StringValue, validate_translation_links

from home.models import HomePage

from ..models import KnowledgeProduct, NewsItem, Topic, Video
from ..sanitizer import markup_declaration_problem
from .importing import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from .indexing import import_transaction
from .known_rows import rows_known, translation_or_none
from .publishing import (
    HeldInserts,
    has_view_restrictions,
    history_entry,
    publish_new,
    sibling_slugs,
    translated_parent,
)
from .shown import shown
from .sources import refresh_source, rows_in_language, segments_for_translation
from .translation_limits import too_long

OBJECT_HEADER = "X-Cluster-Object"
# Snippets first, in the order they refer to each other (pages link topics; videos link news),
# then pages from the top of the tree down, so a parent is always translated before its children.
SNIPPET_MODELS = [Topic, NewsItem, KnowledgeProduct, Video]
MACHINE_COMMENT = "machine translation, not reviewed"


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


# --- naming objects ------------------------------------------------------------------------


def object_key(instance):
    return f"{instance._meta.label_lower}:{instance.slug}"


def relative_path(instance, language):
    return Path(language) / instance._meta.model_name / f"{instance.slug}.po"


def source_locale():
    return Locale.objects.get(language_code=SOURCE_LANGUAGE)


def source_objects():
    """Every live object in the source language that can be translated, parents before children."""
    locale = source_locale()
    objects = []
    for model in SNIPPET_MODELS:
        objects.extend(model.objects.filter(locale=locale, live=True).order_by("slug"))
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is not None:
        objects.extend(
            Page.objects.descendant_of(home, inclusive=True)
            .filter(live=True)
            .order_by("path")
            .specific()
        )
    prefetch_children(objects)
    return objects


def prefetch_children(objects):
    """Load the inline children (topic links, recordings) of every object, one query per
    relation, and keep them in memory as modelcluster does for an unsaved cluster: extracting
    segments, copying (which sorts them) and serialising each read them again otherwise. The
    objects the segments refer to (a hero image, a link's topic) are loaded with them, one query
    per foreign key. The objects are read, never saved."""
    by_model = {}
    for instance in objects:
        by_model.setdefault(type(instance), []).append(instance)
    for model, instances in by_model.items():
        relations = {
            relation.get_accessor_name(): relation.related_model
            for relation in (
                get_all_child_relations(model) if issubclass(model, ClusterableModel) else []
            )
        }
        prefetch_related_objects(
            instances,
            *segment_foreign_keys(model),
            *relations,
            *[
                f"{name}__{key}"
                for name, child in relations.items()
                for key in segment_foreign_keys(child)
            ],
        )
        for instance in instances:
            for name in relations:
                setattr(instance, name, list(getattr(instance, name).all()))


def segment_foreign_keys(model):
    """The foreign keys that wagtail-localize follows to extract `model`'s segments (a related
    object's translation key, an overridable object's id)."""
    if not issubclass(model, TranslatableMixin):
        return []
    return [
        field.name
        for field in (
            translatable.get_field(model) for translatable in get_translatable_fields(model)
        )
        if isinstance(field, ForeignKey)
    ]


def find_source_object(key):
    """The live source-language object a file header names, or None."""
    label, _, slug = key.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if not issubclass(model, TranslatableMixin) or not slug:
        return None
    queryset = model.objects.filter(locale__language_code=SOURCE_LANGUAGE, slug=slug)
    queryset = queryset.live() if issubclass(model, Page) else queryset.filter(live=True)
    return queryset.first()


# --- reading what needs translating ------------------------------------------------------


def source_strings(instance):
    """The translatable strings of the live object, as (context, English text) in field order."""
    return [
        (segment.path, segment.string.data)
        for segment in extract_segments(instance)
        if isinstance(segment, StringSegmentValue)
    ]


def stored_translations(instance, locale):
    """{(context, English text): StringTranslation} for one object in one language, including
    translations of English text that has since changed."""
    return {
        (translation.context.path, translation.translation_of.data): translation
        for translation in StringTranslation.objects.filter(
            context__object_id=instance.translation_key, locale=locale
        ).select_related("context", "translation_of")
    }


def translation_entries(instance, locale):
    """The PO entries for one object in one language: current translations as they are, machine
    translations flagged fuzzy for review, and strings whose English text changed flagged fuzzy
    with the earlier English (`#| msgid`) and its translation, ready to revise."""
    stored = stored_translations(instance, locale)
    by_context = {}
    for (context, _text), translation in stored.items():
        by_context.setdefault(context, []).append(translation)
    entries = []
    for context, text in source_strings(instance):
        entry = polib.POEntry(msgctxt=context, msgid=text, msgstr="")
        current = stored.get((context, text))
        if current is not None and not current.has_error:
            entry.msgstr = current.data
            if current.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE:
                entry.flags.append("fuzzy")
                entry.tcomment = MACHINE_COMMENT
        elif by_context.get(context):
            earlier = max(by_context[context], key=lambda t: t.updated_at)
            entry.msgstr = earlier.data
            entry.previous_msgid = earlier.translation_of.data
            entry.flags.append("fuzzy")
            entry.tcomment = "the English text changed; revise the translation"
        entries.append(entry)
    return entries


def needs_work(entries):
    return any(not entry.msgstr or entry.fuzzy for entry in entries)


def build_po(instance, language, entries):
    po = polib.POFile(wrapwidth=100)
    po.header = f"{instance} ({instance._meta.verbose_name}) in {language}"
    po.metadata = {
        "Project-Id-Version": "Cities Cluster CMS",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        OBJECT_HEADER: object_key(instance),
        "X-Source-Language": SOURCE_LANGUAGE,
    }
    po.extend(entries)
    return po


def export_translations(directory, language, *, outdated_only=False):
    """Write one PO file per source object into `directory/<language>/`; returns the paths."""
    locale = Locale.objects.get(language_code=language)
    written = []
    for instance in source_objects():
        entries = translation_entries(instance, locale)
        if not entries or (outdated_only and not is_outdated(instance, locale, entries)):
            continue
        path = Path(directory) / relative_path(instance, language)
        path.parent.mkdir(parents=True, exist_ok=True)
        build_po(instance, language, entries).save(str(path))
        written.append(path)
    return written


def is_outdated(instance, locale, entries):
    """A translation needs a translator when strings are missing or flagged for review, or when
    the English object was published after the translation was last synchronised with it."""
    if needs_work(entries):
        return True
    translated = instance.get_translation_or_none(locale)
    if translated is None:
        return True
    source = TranslationSource.objects.filter(
        object_id=instance.translation_key, locale=instance.locale_id
    ).first()
    published = getattr(instance, "last_published_at", None)
    return source is None or (published is not None and published > source.last_updated_at)


# --- validating files ---------------------------------------------------------------------


@dataclass
class TranslationFile:
    path: Path
    instance: object
    locale: Locale
    entries: list = field(default_factory=list)  # (context, msgid, msgstr) to apply


def read_translation_files(directory):
    """Parse and check every `*.po` file under `directory`; raise TranslationFilesInvalid with
    every problem found, or return the files ready to apply."""
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
    errors, files, seen = [], [], {}
    for path in paths:
        name = str(path)
        translation_file = check_translation_file(path, locales, errors, live)
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


def check_translation_file(path, locales, errors, live=None):
    """The checked file, or None with its problems added to `errors`. `live` ({object key:
    instance}, from `source_objects()`) spares a query per file for the objects it holds."""
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
    errors.extend(file_errors)
    return None if file_errors else translation_file


# --- markup and placeholders --------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")
VOID_TAGS = {"br"}


class TagCollector(HTMLParser):
    """Collects a string's tags and checks that they nest properly."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.open = []
        self.problem = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs).get("id")))
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs).get("id")))

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if not self.open or self.open[-1] != tag:
            self.problem = self.problem or f"closing </{tag}> does not match an open tag"
            return
        self.open.pop()

    def finish(self):
        self.close()
        if self.open and not self.problem:
            self.problem = f"<{self.open[-1]}> is never closed"
        return self


def _collect(text):
    collector = TagCollector()
    collector.feed(text)
    return collector.finish()


def markup_problem(source, translated):
    """Why a translation cannot be used, or None: tags must be well formed and inline, links must
    keep the ids of the source's links, and placeholders must be the same."""
    if problem := markup_declaration_problem(translated):
        return f"invalid HTML: {problem}"
    collected = _collect(translated)
    if collected.problem:
        return f"malformed HTML: {collected.problem}"
    try:
        StringValue.from_translated_html(translated)
        validate_translation_links(source, translated)
    except ValueError as error:
        return f"invalid HTML: {error}"
    source_links = sorted(i for tag, i in _collect(source).tags if tag == "a")
    translated_links = sorted(i for tag, i in collected.tags if tag == "a")
    if source_links != translated_links:
        return f"links differ from the source: expected ids {source_links}, got {translated_links}"
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
        return (
            f"placeholders differ from the source: expected {sorted(PLACEHOLDER.findall(source))}, "
            f"got {sorted(PLACEHOLDER.findall(translated))}"
        )
    return None


# --- applying -----------------------------------------------------------------------------


@dataclass
class TranslationReport:
    outcomes: list = field(default_factory=list)  # (language, key, outcome)

    def count(self, outcome):
        return sum(1 for *_, o in self.outcomes if o == outcome)

    def summary(self):
        return (
            f"{self.count('created')} created, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged"
        )


def import_translations(files, *, user=None, progress=None):
    """Apply checked files in one transaction: store the strings, then create or update and
    publish each translated object whose strings or source changed."""
    report = TranslationReport()
    sources = {}
    instances = [translation_file.instance for translation_file in files]
    locales = {translation_file.locale for translation_file in files}
    with import_transaction(), rows_known(instances, locales), records_written_at_end():
        for number, translation_file in enumerate(files, start=1):
            outcome = apply_translation_file(translation_file, user, sources)
            key = object_key(translation_file.instance)
            language = translation_file.locale.language_code
            report.outcomes.append((language, key, outcome))
            if progress:
                progress(number, len(files), language, key, outcome)
    return report


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
    record_translation(source, locale)
    strings_changed = store_strings(source, locale, translation_file.entries, user)
    existing = translation_or_none(instance, locale)
    if existing is None and create_translation(source, instance, locale, user):
        return "created"
    if existing is not None and not (strings_changed or refreshed or is_placeholder(existing)):
        return "unchanged"
    publish_translation(source, locale, user)
    return "created" if existing is None else "updated"


def record_translation(source, locale):
    """wagtail-localize's record that `source` is translated into `locale` (what the admin
    lists), created unless it exists: in one query (`get_or_create` takes four, with its
    savepoint; `Translation.save()` adds nothing to the row), or, inside
    `records_written_at_end()`, with others a few hundred at a time."""
    RECORDS.add([LocalizeTranslation(source=source, target_locale=locale, enabled=True)])


def insert_records(records):
    LocalizeTranslation.objects.bulk_create(records, ignore_conflicts=True)


# Inside `records_written_at_end()` the records are inserted a few hundred at a time. Nothing in
# an import reads them, except wagtail-localize when an object is deleted: a deletion makes the
# records kept so far be inserted first (`insert_pending_records`).
RECORDS = HeldInserts("pending_translation_records", insert_records)
records_written_at_end = RECORDS.held


def insert_pending_records(sender, **kwargs):
    RECORDS.flush()


pre_delete.connect(insert_pending_records, dispatch_uid="cluster.pipeline.translations")


def create_translation(source, original, locale, user=None):
    """Create and publish the first translation of `original` (live, and what `source` was just
    refreshed from) in one pass: what wagtail-localize's `create_or_update_translation` does for
    an object with no translation (copy it into the locale, copy the synchronised fields, ingest
    the translated segments, falling back to the source's), then `publish_new`. Returns None,
    creating nothing, for a page whose parent has no translation into `locale` yet or is the
    tree's root: wagtail-localize's own path handles those (it makes the parent an alias)."""
    if isinstance(original, Page):
        parent, source_parent = translated_parent(original, locale)
        if parent is None:
            return None
    if isinstance(original, ClusterableModel):
        translation = unsaved_copy(original, locale, user)
    else:
        translation = original.copy_for_translation(locale)  # unsaved, for a plain snippet
    copy_synchronised_fields(original, translation)
    segments = segments_for_translation(source, locale)
    ingest_segments(original, translation, source.locale, locale, segments)
    if isinstance(translation, Page):
        translation.slug = available_slug(parent, slugify(translation.slug))
        publish_new(
            translation,
            parent=parent,
            user=user,
            log_also=lambda page: [
                copied_for_translation_entry(page, source_parent, parent, source.locale, user)
            ],
        )
        if has_view_restrictions(original):  # a new page has none to drop
            source.sync_view_restrictions(original, translation)
    else:
        publish_new(translation, user=user)
    return translation


def available_slug(parent, requested):
    """Wagtail's `find_available_slug` (the requested slug, else with -1, -2... added), from
    the siblings' slugs an import has read once for the parent."""
    taken = sibling_slugs(parent)
    if taken is None:
        return find_available_slug(parent, requested)
    slug, number = requested, 1
    while slug in taken:
        slug = f"{requested}-{number}"
        number += 1
    return slug


def copied_for_translation_entry(translation, source_parent, parent, source_locale, user=None):
    """The page history entry Wagtail's copy for translation writes ("Copied for translation
    from ..."), with the same data: the copy, the original's parent and the copy's parent."""
    return history_entry(
        translation,
        "wagtail.copy_for_translation",
        user=user,
        data={
            "page": {
                "id": translation.id,
                "title": translation.get_admin_display_title(),
                "locale": {
                    "id": translation.locale_id,
                    "language_code": translation.locale.language_code,
                },
            },
            "source": {"id": source_parent.id, "title": source_parent.get_admin_display_title()},
            "destination": {"id": parent.id, "title": parent.get_admin_display_title()},
            "keep_live": False,
            "source_locale": {"id": source_locale.id, "language_code": source_locale.language_code},
        },
    )


def unsaved_copy(original, locale, user=None):
    """An unsaved copy of the page or snippet and its inline children in `locale`, with the
    fields that Wagtail's copies for translation leave out or reset (`CopyPageAction`,
    `CopyForTranslationAction`) left out or reset. (A snippet's own `copy_for_translation`
    copies its latest revision, read back from the database: the same as the live object the
    import has just read, when no draft waits.)"""
    generic = [f.name for f in original._meta.get_fields() if isinstance(f, GenericRelation)]
    exclude = [
        *getattr(original, "default_exclude_fields_in_copy", []),
        *getattr(original, "exclude_fields_in_copy", []),
        *generic,
        *synchronised_child_relations(original),
    ]
    copy, children = original.copy_cluster(exclude_fields=exclude)
    copy.locale = locale
    copy.live_revision = None
    copy.first_published_at = copy.last_published_at = None
    if isinstance(copy, Page):
        copy.alias_of = None
        if user is not None:
            copy.owner = user
    for child in children.values():
        if isinstance(child, TranslatableMixin):
            child.locale = locale
    return copy


def synchronised_child_relations(original):
    """The inline child relations that `copy_synchronised_fields` copies into a translation
    (those its translatable fields name): copying them with the rest of the object first, as
    Wagtail's copy for translation does, would be undone by that second copy."""
    model = type(original)
    names = []
    for translatable in get_translatable_fields(model):
        field = translatable.get_field(model)
        if (
            isinstance(field, ManyToOneRel)
            and isinstance(field.remote_field, ParentalKey)
            and translatable.is_synchronized(original)
        ):
            names.append(field.get_accessor_name())
    return names


def publish_translation(source, locale, user=None):
    """Create or update the translated object and publish it now, inside the caller's
    transaction. (wagtail-localize's own `publish=True` defers publishing to the commit, and a
    deferred publish of a parent page saves a stale copy of its tree fields.)"""
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


def stored_rows(source, locale, texts):
    """What storing translations of `texts` (English) for `source` into `locale` builds on, in
    three queries; for a source created in this import (`create_source` kept its contexts and
    strings) in one, or none while its new contexts have no translations into `locale`:
    ({context path: TranslationContext}, {English text: String}, {(string id, context id):
    StringTranslation already in `locale`})."""
    hashes = {text: String._get_data_hash(text) for text in texts}
    written = getattr(source, "written_segments", None)  # a source created in this import
    if written is not None and written.strings.keys() >= set(hashes.values()):
        contexts, by_hash = written.contexts, written.strings
    else:
        contexts = {
            context.path: context
            for context in TranslationContext.objects.filter(object_id=source.object_id)
        }
        by_hash = {
            string.data_hash: string
            for string in String.objects.filter(
                locale_id=source.locale_id, data_hash__in=set(hashes.values())
            )
        }
    if written is not None and written.nothing_stored_in(locale):
        rows = []
    else:
        rows = rows_in_language(
            StringTranslation, [context.pk for context in contexts.values()], locale
        )
    existing = {(row.translation_of_id, row.context_id): row for row in rows}
    return contexts, {text: by_hash[digest] for text, digest in hashes.items()}, existing


def store_strings(source, locale, entries, user=None):
    """Write translations into wagtail-localize's memory as reviewed by a human; True if any
    string was new or different. Reads what exists in three queries (`stored_rows`), inserts the
    new strings in one and updates the changed ones in another: the entries were checked on
    reading (`markup_problem` runs wagtail-localize's own checks), which is why the bulk writes
    may skip `StringTranslation.save()`'s. (They send no signals either: the publish that
    follows drops the cached answers, once per object instead of once per string.)"""
    contexts, strings, existing = stored_rows(
        source, locale, {text for _context, text, _translated in entries}
    )
    desired = {}  # a string repeated in one field is one translation: the last entry wins
    for context_path, text, translated in entries:
        string, context = strings[text], contexts[context_path]
        desired[string.pk, context.pk] = (string, context, translated)
    now = timezone.now()
    new, changed = [], []
    for key, (string, context, translated) in desired.items():
        current = existing.get(key)
        if current is None:
            new.append(
                StringTranslation(
                    translation_of=string,
                    locale=locale,
                    context=context,
                    data=translated,
                    translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                    tool_name="PO file",
                    last_translated_by=user,
                    updated_at=now,
                )
            )
        elif current.data != translated or current.translation_type != "manual":
            current.data = translated
            current.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
            current.tool_name = "PO file"
            current.last_translated_by = user
            current.updated_at = now
            current.has_error = False
            current.field_error = ""
            changed.append(current)
    StringTranslation.objects.bulk_create(new)
    StringTranslation.objects.bulk_update(changed, CHANGED_FIELDS)
    written = getattr(source, "written_segments", None)
    if written is not None:
        written.stored_locales.add(locale.pk)
        if contexts is written.contexts:
            # All of the source's translations into `locale`, for the translation made next.
            written.translations[locale.pk] = [*existing.values(), *new]
    return bool(changed or new)


CHANGED_FIELDS = [
    "data",
    "translation_type",
    "tool_name",
    "last_translated_by",
    "updated_at",
    "has_error",
    "field_error",
]
