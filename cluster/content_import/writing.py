"""Step two of the import: write validated content, all of it in one transaction.

Every object is upserted by its slug (pages under their parent, snippets per locale); only
an object whose content differs from what is live gets a new revision and is published, so
importing the same files twice changes nothing. Objects are written the way Wagtail's own admin
writes them: a new page with `parent.add_child()`, then `save_revision().publish()`; a new
snippet with Wagtail's `CreateAction` (what the snippet create view runs: saved as a draft, a
first revision, published); a changed object with `save_revision().publish()`. So Wagtail sends
its publish signals, writes its history entries and updates its search and reference indexes
itself. The import is fast only by what that allows: one transaction, unchanged objects skipped,
and the API's renditions made after the commit.
"""

from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction

from wagtail.actions.create import CreateAction

from cluster.content_import.conflicts import STOP, Guard, ImportConflicts, data_hash
from cluster.content_import.field_values import (
    apply_values,
    set_children_locale,
    stable_id,  # noqa: F401  (re-exported: the benchmark's generator)
)
from cluster.content_import.import_report import ImportReport
from cluster.content_import.placeholder_images import placeholder_image
from cluster.content_import.site_root import ImportConflict, ensure_home_page, ensure_locales
from cluster.content_import.yaml_comments import comment_blocks
from cluster.languages import SOURCE_LANGUAGE
from cluster.models import (
    CityPage,
    CityPageTopic,
    ClusterPage,
    GlossaryTerm,
    KnowledgeProduct,
    KnowledgeProductTopic,
    NewsItem,
    NewsItemTopic,
    OrganisationPage,
    OrganisationPageTopic,
    Recording,
    Topic,
    Video,
)
from cluster.renditions import make_api_renditions


class DryRunRollback(Exception):
    pass


def import_content(content, *, dry_run=False, progress=None, on_conflict=STOP):
    """Write a validated `Content` bundle. Returns an ImportReport. Raises ImportConflict (and
    writes nothing) when the database cannot take the content, and ImportConflicts (writing
    nothing) when objects changed in the admin would be overwritten and `on_conflict` is STOP;
    SKIP leaves those objects alone and writes the rest, FORCE overwrites them (conflicts.py)."""
    written_files = []
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            guard = Guard(SOURCE_LANGUAGE, on_conflict)
            Writer(content, report, written_files, progress, guard).write_all()
            report.conflicts = guard.conflicts
            if guard.conflicts and on_conflict == STOP and not dry_run:
                raise ImportConflicts(guard.conflicts)
            if dry_run:
                raise DryRunRollback
            transaction.on_commit(lambda: warm_hero_renditions(content))
    except DryRunRollback:
        delete_files(written_files)
    except BaseException:
        delete_files(written_files)
        raise
    return report


def delete_files(names):
    for name in names:
        default_storage.delete(name)


def warm_hero_renditions(content):
    """Make the renditions the API serves (the API never makes one), here in the importing
    process rather than by the task worker, so they are there when the import ends."""
    slugs = [record.slug for record in content.members]
    pages = [
        *CityPage.objects.filter(slug__in=slugs).select_related("hero_image"),
        *OrganisationPage.objects.filter(slug__in=slugs).select_related("hero_image"),
    ]
    for page in pages:
        if page.hero_image:
            make_api_renditions(page.hero_image)


class Writer:
    def __init__(self, content, report, written_files, progress=None, guard=None):
        self.guard = guard or Guard(SOURCE_LANGUAGE)
        self.comments = {}
        self.content = content
        self.report = report
        self.written_files = written_files
        self.progress = progress
        self.done = 0
        self.total = content.count()

    def comments_of(self, file):
        """The comment blocks of one content file (yaml_comments.py), read once per file."""
        if file not in self.comments:
            path = Path(self.content.directory) / file
            self.comments[file] = comment_blocks(path.read_text(encoding="utf-8"))
        return self.comments[file]

    def outcome(self, kind, slug, outcome):
        self.report.add(kind, slug, outcome)
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, kind, slug, outcome)

    def write_all(self):
        self.locale = ensure_locales()
        self.topics = {record.slug: self.write_topic(record) for record in self.content.topics}
        home = self.write_home(self.content.home)
        cluster = self.write_cluster(self.content.cluster, home)
        for record in self.content.members:
            self.write_member(record, cluster)
        news = {record.slug: self.write_news(record) for record in self.content.news}
        for record in self.content.knowledge:
            self.write_knowledge(record)
        for record in self.content.videos:
            self.write_video(record, news)
        for record in self.content.glossary:
            self.write_glossary_term(record)

    # --- snippets ------------------------------------------------------------------------

    def write_topic(self, record):
        values = {"name": record.data["name"]}
        return self.upsert_snippet(Topic, "topic", record, values)

    def write_news(self, record):
        data = record.data
        event = data.get("event", {})
        values = {
            "title": data["title"],
            "kind": data["kind"],
            "date": data["date"],
            "summary": data["summary"],
            "body": data.get("body", ""),
            "event_starts_at": event.get("starts_at"),
            "access_info": event.get("access", ""),
        }
        recordings = [
            Recording(
                platform=item["platform"],
                language=item["language"],
                label=item["label"],
                url=item.get("url", ""),
            )
            for item in data.get("recordings", [])
        ]
        relations = {
            "recordings": (recordings, ("platform", "language")),
            "topic_links": (self.topic_links(NewsItemTopic, data), ("topic_id",)),
        }
        return self.upsert_snippet(NewsItem, "news", record, values, relations)

    def write_knowledge(self, record):
        data = record.data
        values = {
            "title": data["title"],
            "kind": data["kind"],
            "date": data["date"],
            "publisher": data.get("publisher", ""),
            "summary": data["summary"],
            "body": data.get("body", ""),
            "external_url": data.get("external_url", ""),
        }
        relations = {"topic_links": (self.topic_links(KnowledgeProductTopic, data), ("topic_id",))}
        return self.upsert_snippet(KnowledgeProduct, "knowledge", record, values, relations)

    def write_video(self, record, news):
        data = record.data
        values = {
            "title": data["title"],
            "date": data.get("date"),
            "description": data.get("description", ""),
            "youtube_url": data.get("youtube_url", ""),
            "bilibili_url": data.get("bilibili_url", ""),
            "related_news": news.get(data.get("related_news")),
        }
        return self.upsert_snippet(Video, "video", record, values)

    def topic_links(self, link_model, data):
        # A topic deleted in the admin and left so (a conflict) is linked no more.
        topics = [self.topics[slug] for slug in data.get("topics", [])]
        return [link_model(topic=topic) for topic in topics if topic is not None]

    def upsert_snippet(self, model, kind, record, values, relations=None):
        relations = relations or {}
        key = f"{model._meta.label_lower}:{record.slug}"
        found = model.objects.filter(locale=self.locale, slug=record.slug).first()
        imported, instance, change = self.guard.find(model, key, found)
        changed = instance is not None and (
            apply_values(instance, values, relations) or not instance.live
        )
        line = record.line_of("slug")
        if not self.guard.allows(change, changed, f"{kind} {record.slug}", record.file, line):
            self.outcome(kind, record.slug, "conflict")
            return instance
        if instance is None:
            instance = model(locale=self.locale, slug=record.slug)
            apply_values(instance, values, relations)
            set_children_locale(instance, relations, self.locale)
            CreateAction(instance, publish=True).execute(skip_permission_checks=True)
            outcome = "created"
        elif changed or self.guard.overwrites(change, changed):
            instance.slug = record.slug  # renamed in the admin, and overwritten
            set_children_locale(instance, relations, self.locale)
            instance.save_revision().publish()
            instance = model.objects.get(pk=instance.pk)
            outcome = "updated"
        else:
            outcome = "unchanged"
        self.remember(imported, key, instance, record, line=line)
        self.outcome(kind, record.slug, outcome)
        return instance

    def write_glossary_term(self, record):
        """A glossary term is one row holding every language's form (no translations, no
        revisions): created, or updated where the file differs, matched by its English term."""
        data = record.data
        values = {"zh_hans": data["zh-hans"], "es": data["es"], "note": data.get("note", "")}
        term = data["term"]
        row = GlossaryTerm.objects.filter(term=term).first()
        if row is None:
            row = GlossaryTerm.objects.create(term=term, **values)
            self.outcome("glossary", term, "created")
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            self.outcome("glossary", term, "updated")
        else:
            self.outcome("glossary", term, "unchanged")
        return row

    # --- pages ---------------------------------------------------------------------------

    def write_home(self, record):
        home = ensure_home_page(self.locale)
        values = {"title": record.data["title"], "intro": record.data.get("intro", "")}
        return self.update_page(home, "home", home.slug, values, record=record)

    def write_cluster(self, record, home):
        data = record.data
        values = {
            "title": data["title"],
            "subtitle": data.get("subtitle", ""),
            "introduction": data["introduction"],
            "themes": [{"type": "theme", "value": theme} for theme in data["themes"]],
            "figures": [
                {"type": "figure", "value": {"period": "", "source_url": "", **figure}}
                for figure in data.get("figures", [])
            ],
            "body": data.get("body", ""),
            "join_call": data["join_call"],
        }
        return self.upsert_page(ClusterPage, "cluster", home, record, values)

    def write_member(self, record, cluster):
        data = record.data
        hero, _created = placeholder_image(
            record.slug,
            data["title"],
            data["hero"]["colour"],
            data["hero"]["alt"],
            self.written_files,
        )
        values = {
            "title": data["title"],
            "country": data["country"],
            "summary": data["summary"],
            "body": data.get("body", []),
            "hero_image": hero,
            "hero_image_alt": data["hero"]["alt"],
            "website": data.get("website", ""),
        }
        if data["kind"] == "city":
            model, link_model = CityPage, CityPageTopic
            location = data.get("location") or {}
            values |= {
                "region": data["region"],
                "latitude": location.get("latitude"),
                "longitude": location.get("longitude"),
                "heritage_highlights": [
                    {"type": "highlight", "value": item}
                    for item in data.get("heritage_highlights", [])
                ],
                "facts": [
                    {"type": "fact", "value": {"year": None, "note": "", **fact}}
                    for fact in data.get("facts", [])
                ],
            }
        else:
            model, link_model = OrganisationPage, OrganisationPageTopic
            values["acronym"] = data.get("acronym", "")
        relations = {"topic_links": (self.topic_links(link_model, data), ("topic_id",))}
        return self.upsert_page(model, "member", cluster, record, values, relations)

    def upsert_page(self, model, kind, parent, record, values, relations=None):
        relations = relations or {}
        if parent is None:  # its parent was deleted in the admin, and left so
            self.outcome(kind, record.slug, "conflict")
            return None
        key = f"{model._meta.label_lower}:{record.slug}"
        found = parent.get_children().filter(slug=record.slug).first()
        imported, page, change = self.guard.find(model, key, found and found.specific)
        if page is not None and not isinstance(page, model):
            raise ImportConflict(
                f"{record.file}: a {type(page).__name__} already has the slug {record.slug!r} "
                f"under {parent.title!r}; expected a {model.__name__}"
            )
        changed = page is not None and (apply_values(page, values, relations) or not page.live)
        line = record.line_of("slug")
        if not self.guard.allows(change, changed, f"{kind} {record.slug}", record.file, line):
            self.outcome(kind, record.slug, "conflict")
            return page
        if page is None:
            page = model(slug=record.slug, locale=parent.locale, live=False)
            apply_values(page, values, relations)
            set_children_locale(page, relations, parent.locale)
            parent.add_child(instance=page)
            page.save_revision().publish()
            outcome = "created"
        else:
            if page.get_parent().pk != parent.pk:  # moved in the admin, and moved back
                page.move(parent, pos="last-child")
                page = model.objects.get(pk=page.pk)
                apply_values(page, values, relations)
            page.slug = record.slug
            outcome = self.publish_if_changed(
                page, relations, changed or self.guard.overwrites(change, changed)
            )
        self.remember(imported, key, page, record, line=line, parent=parent)
        self.outcome(kind, record.slug, outcome)
        return page

    def update_page(self, page, kind, slug, values, relations=None, record=None):
        """The home page: the site's root, never moved or deleted by the import."""
        relations = relations or {}
        key = f"{type(page)._meta.label_lower}:{slug}"
        imported, page, change = self.guard.find(type(page), key, page)
        changed = apply_values(page, values, relations) or not page.live
        if not self.guard.allows(change, changed, f"{kind} {slug}", record.file, 1):
            self.outcome(kind, slug, "conflict")
            return page
        outcome = self.publish_if_changed(
            page, relations, changed or self.guard.overwrites(change, changed)
        )
        self.remember(imported, key, page, record)
        self.outcome(kind, slug, outcome)
        return page

    def remember(self, imported, key, instance, record, **where):
        """Record what the import wrote for `instance` from `record` (file, hash, comments)."""
        self.guard.remember(
            imported,
            key,
            instance,
            file=record.file,
            content_hash=data_hash(record.data),
            comments=self.comments_of(record.file),
            **where,
        )

    def publish_if_changed(self, page, relations, changed):
        if not changed:
            return "unchanged"
        set_children_locale(page, relations, page.locale)
        page.save_revision().publish()
        return "updated"
