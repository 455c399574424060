"""The content import, timed: the same functions `make run` uses (`read_content` and
`import_content`, then `read_translation_files` and `import_translations`), with the time of each
object taken from their progress callbacks, so pages and snippets get their own rates."""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cluster.content_import.reading import read_content
from cluster.content_import.writing import import_content
from cluster.translation.po_import import import_translations, read_translation_files

PAGE_KINDS = {"home", "cluster", "member"}  # import_content's kinds that are pages
PAGE_MODELS = {
    "home.homepage",
    "cluster.clusterpage",
    "cluster.citypage",
    "cluster.organisationpage",
}


@dataclass
class Phase:
    """One step of the import: how many objects of each kind, and the seconds spent on each."""

    name: str
    seconds: float = 0.0
    counts: dict = field(default_factory=lambda: defaultdict(int))
    kind_seconds: dict = field(default_factory=lambda: defaultdict(float))
    outcomes: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def objects(self):
        return sum(self.counts.values())

    def as_dict(self):
        return {
            "name": self.name,
            "seconds": round(self.seconds, 2),
            "objects": self.objects,
            "pages": self.counts["page"],
            "snippets": self.counts["snippet"],
            "page_seconds": round(self.kind_seconds["page"], 2),
            "snippet_seconds": round(self.kind_seconds["snippet"], 2),
            "objects_per_second": round(self.objects / self.seconds, 1) if self.seconds else None,
            "outcomes": dict(self.outcomes),
        }


class Clock:
    """Charges the time since the previous tick to the kind of object just finished."""

    def __init__(self, phase):
        self.phase = phase
        self.last = time.perf_counter()

    def tick(self, kind, outcome):
        now = time.perf_counter()
        self.phase.counts[kind] += 1
        self.phase.kind_seconds[kind] += now - self.last
        self.phase.outcomes[outcome] += 1
        self.last = now


def timed_import(content_dir, log=print):
    """Import `content_dir` (YAML, then the PO files under its `locale/`); returns the phases:
    English content (read, validated, written, published; at the end, indexed and its hero
    renditions made), and translations (read, checked, stored, created and published)."""
    english, translations = Phase("english"), Phase("translations")

    started = time.perf_counter()
    content = read_content(content_dir)
    clock = Clock(english)
    report = import_content(
        content,
        progress=lambda done, total, kind, slug, outcome: clock.tick(
            "page" if kind in PAGE_KINDS else "snippet", outcome
        ),
    )
    english.seconds = time.perf_counter() - started
    # After the last object: the deferred index updates, the commit, then the hero renditions.
    english.kind_seconds["renditions"] = time.perf_counter() - clock.last
    log(f"  English: {report.summary()} in {english.seconds:.1f} s")

    started = time.perf_counter()
    files = read_translation_files(Path(content_dir) / "locale")
    clock = Clock(translations)
    report = import_translations(
        files,
        progress=lambda done, total, language, key, outcome: clock.tick(
            "page" if key.partition(":")[0] in PAGE_MODELS else "snippet", outcome
        ),
    )
    translations.seconds = time.perf_counter() - started
    log(f"  Translations: {report.summary()} in {translations.seconds:.1f} s")
    return english, translations


def summarise(english, translations):
    """The import's figures for the report: objects per second over the whole time (reading,
    validating, the indexes and the hero renditions included), pages per second over the time
    spent writing and publishing pages (English and translated)."""
    seconds = english.seconds + translations.seconds
    pages = english.counts["page"] + translations.counts["page"]
    page_seconds = english.kind_seconds["page"] + translations.kind_seconds["page"]
    objects = english.objects + translations.objects
    return {
        "english": english.as_dict(),
        "translations": translations.as_dict(),
        "renditions_seconds": round(english.kind_seconds["renditions"], 2),
        "objects": objects,
        "seconds": round(seconds, 1),
        "objects_per_second": round(objects / seconds, 1),
        "pages": pages,
        "pages_per_second": round(pages / page_seconds, 1) if page_seconds else None,
    }
