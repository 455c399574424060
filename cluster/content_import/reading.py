"""Step one of the import: read and validate every content file, write nothing.

`read_content(directory)` returns a `Content` bundle of cleaned records, or raises
`ContentInvalid` listing every error as `file:line: path: message`.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cluster.content_import import content_specs
from cluster.content_import.import_limits import too_large_files, too_many_objects
from cluster.content_import.shown import cut, shown
from cluster.content_import.spec_types import ContentError, Source, validate
from cluster.content_import.yaml_lines import load_yaml


class ContentInvalid(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class Record:
    """One validated object: its cleaned data and the file it came from."""

    data: dict
    file: str
    lines: dict = field(default_factory=dict)  # key -> line in the file

    def line_of(self, key):
        return self.lines.get(key, 1)

    @property
    def slug(self):
        return self.data["slug"]


@dataclass
class Content:
    home: Record
    cluster: Record
    topics: list = field(default_factory=list)
    members: list = field(default_factory=list)
    news: list = field(default_factory=list)
    knowledge: list = field(default_factory=list)
    videos: list = field(default_factory=list)
    glossary: list = field(default_factory=list)
    directory: str = ""  # where the files were read from

    def count(self):
        return 2 + sum(
            len(x)
            for x in (
                self.topics,
                self.members,
                self.news,
                self.knowledge,
                self.videos,
                self.glossary,
            )
        )


SINGLE_FILES = {
    "home": ("home.yaml", content_specs.HOME),
    "cluster": ("cluster.yaml", content_specs.CLUSTER),
}
GLOSSARY_FILE = "glossary.yaml"
FOLDERS = {
    "members": ("members", content_specs.MEMBER),
    "news": ("news", content_specs.NEWS),
    "knowledge": ("knowledge", content_specs.KNOWLEDGE),
    "videos": ("videos", content_specs.VIDEO),
}


def read_content(directory):
    directory = Path(directory)
    errors = []
    if not directory.is_dir():
        raise ContentInvalid([ContentError(str(directory), 0, "", "not a directory")])
    folder_paths = {
        attr: sorted((directory / folder).glob("*.yaml"))
        for attr, (folder, _spec) in FOLDERS.items()
    }
    check_limits(directory, folder_paths)

    def load(path, spec):
        name = str(path.relative_to(directory))
        source = Source(name)
        try:
            raw = load_yaml(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            source.error(0, "", "file is missing")
        except UnicodeDecodeError as e:
            source.error(0, "", f"not UTF-8 text: {e}")
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            problem = getattr(e, "problem", None) or str(e)
            source.error(mark.line + 1 if mark else 0, "", f"YAML syntax: {cut(problem)}")
        else:
            if raw is None:
                source.error(1, "", "file is empty")
            else:
                cleaned = validate(raw, spec, source, getattr(raw, "line", 1))
                if not source.errors:  # the line of each key, or of each item of a list
                    return cleaned, name, getattr(raw, "key_lines", getattr(raw, "item_lines", {}))
        errors.extend(source.errors)
        return None, name, {}

    single = {}
    for attr, (filename, spec) in SINGLE_FILES.items():
        data, name, lines = load(directory / filename, spec)
        single[attr] = Record(data, name, lines) if data is not None else None

    topics_data, topics_file, topic_lines = load(directory / "topics.yaml", content_specs.TOPICS)
    objects = len(SINGLE_FILES) + len(topics_data or []) + sum(map(len, folder_paths.values()))
    if limit_errors := too_many_objects(topics_file, objects, "files and topics"):
        raise ContentInvalid(limit_errors)
    topics = [
        Record(item, topics_file, {"slug": line})
        for item, line in zip(topics_data or [], topic_lines or [], strict=True)
    ]
    glossary_data, glossary_file = [], GLOSSARY_FILE  # optional: no file, no glossary terms
    if (directory / GLOSSARY_FILE).exists():
        glossary_data, glossary_file, _lines = load(
            directory / GLOSSARY_FILE, content_specs.GLOSSARY
        )
    objects += len(glossary_data or [])
    if limit_errors := too_many_objects(glossary_file, objects, "files, topics and glossary terms"):
        raise ContentInvalid(limit_errors)
    glossary = [Record(item, glossary_file) for item in glossary_data or []]
    # Names that exist even if their own file is invalid (reported there), so that one
    # mistake is not reported again as an unknown reference in every file that names it.
    known = {"topics": None if topics_data is None else {record.slug for record in topics}}

    collections = {}
    for attr, (_folder, spec) in FOLDERS.items():
        records = []
        paths = folder_paths[attr]
        known[attr] = {path.stem for path in paths}
        for path in paths:
            data, name, lines = load(path, spec)
            if data is None:
                continue
            record = Record(data, name, lines)
            if data["slug"] != path.stem:
                errors.append(
                    ContentError(
                        name,
                        record.line_of("slug"),
                        "slug",
                        f"the file is named after its slug: {data['slug']}.yaml",
                    )
                )
            records.append(record)
        collections[attr] = records

    errors.extend(check_references(known, collections))
    if errors:
        raise ContentInvalid(errors)
    return Content(
        home=single["home"],
        cluster=single["cluster"],
        topics=topics,
        glossary=glossary,
        directory=str(directory),
        **collections,
    )


def check_limits(directory, folder_paths):
    """Raise ContentInvalid, before any file is parsed, when there are more object files than
    IMPORT_MAX_OBJECTS (see import_limits.py) or a file is larger than IMPORT_MAX_FILE_BYTES."""
    folder_files = [path for paths in folder_paths.values() for path in paths]
    errors = too_many_objects(str(directory), len(SINGLE_FILES) + len(folder_files))
    if not errors:
        names = [
            *(filename for filename, _spec in SINGLE_FILES.values()),
            "topics.yaml",
            GLOSSARY_FILE,
        ]
        errors = too_large_files(directory, [*(directory / name for name in names), *folder_files])
    if errors:
        raise ContentInvalid(errors)


def check_references(known, collections):
    """Topics and related news items named in one file must exist in another. `known` holds
    the names that exist (None when topics.yaml itself is invalid: nothing to check against)."""
    if known["topics"] is not None:
        for attr in ("members", "news", "knowledge"):
            for record in collections[attr]:
                for slug in record.data.get("topics", []):
                    if slug not in known["topics"]:
                        yield ContentError(
                            record.file,
                            record.line_of("topics"),
                            "topics",
                            f"unknown topic {shown(slug)} (not in topics.yaml)",
                        )
    for record in collections["videos"]:
        related = record.data.get("related_news")
        if related and related not in known["news"]:
            yield ContentError(
                record.file,
                record.line_of("related_news"),
                "related_news",
                f"unknown news item {shown(related)}",
            )
