"""Translation progress, one truth: the state of each page and snippet in each language.

The API's `translation_status` (`cluster.api.language_versions`), the admin's progress view,
the translator's dashboard panel, the page explorer and snippet listings, Reports → Translations
and `manage.py translation_status` all decide a state with `decide_status` from the facts the
loaders here read. A state is one of:

- `source`: the object is original content (English, or written directly in its language);
- `translated`: every string of the current source is translated by a person, and the
  translation was published after the source last changed;
- `machine`: complete, but some strings are machine translations nobody has reviewed yet;
- `outdated`: the source changed after the translation: strings of the current source have no
  translation yet, the translation was last published before the source changed (its
  translator has not published it again), or the source was published after it was last
  synchronised;
- `untranslated`: the object exists in this language but holds the source text (a placeholder
  copy, e.g. a parent page created so that a child could be translated, or an alias);
- `missing`: the object does not exist in this language at all (never in the API, which serves
  only what exists).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import CharField, Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

SOURCE = "source"
TRANSLATED = "translated"
MACHINE = "machine"
OUTDATED = "outdated"
UNTRANSLATED = "untranslated"
MISSING = "missing"
STATES = (SOURCE, TRANSLATED, MACHINE, OUTDATED, UNTRANSLATED, MISSING)
# What a translator can do something about, in their language ("missing" needs an editor, who
# submits the object for translation).
NEEDS_WORK = (OUTDATED, UNTRANSLATED, MACHINE)
# By label: the models' modules import the API's fields, which read the states from here.
SNIPPET_MODELS = ("cluster.Topic", "cluster.NewsItem", "cluster.KnowledgeProduct", "cluster.Video")

# An object translated from two languages has two sources; the first one counts.
SOURCE_ORDER = ("created_at", "id")


@dataclass(frozen=True)
class Source:
    id: int
    language: str
    synchronised: datetime


@dataclass(frozen=True)
class Counts:
    translated: int
    machine: int


@dataclass(frozen=True)
class Status:
    state: str
    share: float
    source_locale: str
    served_locale: str


def decide_status(
    language, source, required, counts, *, is_alias, published_at, source_published_at
):
    """The state of one object in `language`.

    `source` is its TranslationSource (a `Source`, or None when it was never submitted for
    translation); `required` how many strings the source has (None when it has none to
    translate); `counts` how many of them have a translation in `language` (`Counts`);
    `published_at` when this language's version was last published, `source_published_at` when
    the source's was.
    """
    if source is None or source.language == language or not required:
        return Status(SOURCE, 1.0, language, language)
    share = round(counts.translated / required, 4)
    if is_alias or not counts.translated:
        return Status(UNTRANSLATED, share, source.language, source.language)
    changed_since = source.synchronised
    if (
        counts.translated < required
        or (source_published_at and source_published_at > changed_since)
        or (published_at and published_at < changed_since)
    ):
        state = OUTDATED
    elif counts.machine:
        state = MACHINE
    else:
        state = TRANSLATED
    return Status(state, share, source.language, language)


def count_strings(source_ids):
    """{translation key: how many strings (string and context) its source has}, counted by the
    database. A paragraph repeated in a field is one string to translate, as the translation
    stores it once."""
    pair = Concat(Cast("string_id", CharField()), Value(":"), Cast("context_id", CharField()))
    rows = (
        StringSegment.objects.filter(source_id__in=source_ids)
        .values_list("source__object_id")
        .annotate(strings=Count(pair, distinct=True))
    )
    return dict(rows)


def count_translated(keys):
    """{(translation key, language): Counts}: how many of the current source strings of the
    objects `keys` name have a usable translation in each language, and how many of those are
    machine translations."""
    current_segment = StringSegment.objects.filter(
        source__object_id=OuterRef("context__object_id"),
        string_id=OuterRef("translation_of_id"),
        context_id=OuterRef("context_id"),
    )
    rows = (
        StringTranslation.objects.filter(context__object_id__in=keys, has_error=False)
        .filter(Exists(current_segment))
        .values_list("context__object_id", "locale__language_code")
        .annotate(
            translated=Count("id"),
            machine=Count(
                "id", filter=Q(translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE)
            ),
        )
    )
    return {(key, language): Counts(t, m) for key, language, t, m in rows}


@dataclass(frozen=True)
class Version:
    """One object in one language, as the progress view lists it."""

    model: type
    pk: int
    translation_key: object
    language: str
    title: str
    last_published_at: datetime | None
    is_alias: bool


@dataclass(frozen=True)
class Item:
    """One object in one language and its state. `pk` is None for a `missing` one."""

    model: type
    translation_key: object
    language: str
    title: str
    status: Status
    pk: int | None
    since: datetime | None = field(default=None)

    @property
    def state(self):
        return self.status.state

    @property
    def type_name(self):
        return self.model._meta.verbose_name

    @property
    def type_label(self):
        return self.model._meta.label_lower

    @property
    def edit_url(self):
        """The page or snippet's edit view: for a synchronised translation, wagtail-localize's
        translation editor."""
        if self.pk is None:
            return None
        if issubclass(self.model, Page):
            return reverse("wagtailadmin_pages:edit", args=[self.pk])
        return AdminURLFinder().get_edit_url(self.model(pk=self.pk))


def load_versions(models):
    """Every version of every object of `models` (page models are read as one through Page:
    one query for the page tree, one per snippet model)."""
    versions = []
    if any(issubclass(model, Page) for model in models):
        rows = Page.objects.filter(depth__gt=1).values_list(
            "id",
            "translation_key",
            "locale__language_code",
            "title",
            "last_published_at",
            "alias_of_id",
            "content_type__app_label",
            "content_type__model",
        )
        page_models = {
            model._meta.label_lower: model for model in models if issubclass(model, Page)
        }
        for pk, key, language, title, published, alias_of, app_label, model_name in rows:
            model = page_models.get(f"{app_label}.{model_name}")
            if model is not None:
                versions.append(Version(model, pk, key, language, title, published, bool(alias_of)))
    for model in models:
        if issubclass(model, Page):
            continue
        title_field = "title" if any(f.name == "title" for f in model._meta.fields) else "name"
        rows = model.objects.values_list(
            "id", "translation_key", "locale__language_code", title_field, "last_published_at"
        )
        for pk, key, language, title, published in rows:
            versions.append(Version(model, pk, key, language, title, published, False))
    return versions


def load_sources(keys=None):
    """{translation key: its first Source}."""
    queryset = TranslationSource.objects.order_by(*SOURCE_ORDER)
    if keys is not None:
        queryset = queryset.filter(object_id__in=keys)
    sources = {}
    for key, source_id, language, synchronised in queryset.values_list(
        "object_id", "id", "locale__language_code", "last_updated_at"
    ):
        sources.setdefault(key, Source(source_id, language, synchronised))
    return sources


def page_models():
    return [model for model in apps.get_models() if issubclass(model, Page) and model is not Page]


def translatable_models():
    return [*page_models(), *(apps.get_model(label) for label in SNIPPET_MODELS)]


def progress(models=None, languages=None):
    """Every object of `models` (default: every page type and snippet) in each of `languages`
    (default: every locale), as `Item`s sorted by type, title and language. Seven queries: the
    locales, the page tree, one per snippet model, the sources, their strings and the translated
    strings."""
    models = list(models) if models is not None else translatable_models()
    all_languages = list(Locale.objects.order_by("id").values_list("language_code", flat=True))
    languages = [code for code in all_languages if languages is None or code in languages]
    by_key = defaultdict(dict)
    for version in load_versions(models):
        by_key[version.translation_key][version.language] = version
    sources = load_sources()
    strings = count_strings([source.id for source in sources.values()]) if sources else {}
    done = count_translated(list(by_key)) if by_key else {}

    items = []
    for key, versions in by_key.items():
        source = sources.get(key)
        original = versions.get(source.language) if source else None
        anyone = original or next(iter(versions.values()))
        for language in languages:
            version = versions.get(language)
            if version is None:
                status = Status(
                    MISSING, 0.0, source.language if source else anyone.language, language
                )
                items.append(Item(anyone.model, key, language, anyone.title, status, None, None))
                continue
            status = decide_status(
                language,
                source,
                strings.get(key),
                done.get((key, language), Counts(0, 0)),
                is_alias=version.is_alias,
                published_at=version.last_published_at,
                source_published_at=original.last_published_at if original else None,
            )
            since = source.synchronised if status.state in NEEDS_WORK else None
            items.append(
                Item(version.model, key, language, version.title, status, version.pk, since)
            )
    items.sort(
        key=lambda item: (
            str(item.type_name),
            item.title.casefold(),
            languages.index(item.language),
        )
    )
    return items


def counts_by_language(items):
    """{language: Counter of states}."""
    counts = defaultdict(Counter)
    for item in items:
        counts[item.language][item.state] += 1
    return counts


def needs_work(items, languages):
    """The items in `languages` a translator can work on, the longest waiting first."""
    waiting = [item for item in items if item.language in languages and item.state in NEEDS_WORK]
    return sorted(waiting, key=lambda item: (item.since, item.title.casefold()))


def states_by_pk(model, items):
    """{pk: Item} of the existing versions of `model` among `items`."""
    return {item.pk: item for item in items if item.model is model and item.pk is not None}


def counts_table(items, languages):
    """The lines of a plain-text table: a row per language, a column per state."""
    counts = counts_by_language(items)
    width = max([len("language"), *(len(code) for code in languages)])
    lines = [" ".join([f"{'language':<{width}}", *(f"{state:>12}" for state in STATES)])]
    for code in languages:
        lines.append(
            " ".join([f"{code:<{width}}", *(f"{counts[code][state]:>12}" for state in STATES)])
        )
    return lines


def as_json(item):
    """`{"type": "cluster.citypage", "id": 12, "translation_key": "...", "title": "安阳",
    "language": "zh-hans", "state": "outdated", "share": 0.9412, "source_locale": "en"}`; `id` is
    null for a missing one."""
    return {
        "type": item.type_label,
        "id": item.pk,
        "translation_key": str(item.translation_key),
        "title": item.title,
        "language": item.language,
        "state": item.state,
        "share": item.status.share,
        "source_locale": item.status.source_locale,
    }
