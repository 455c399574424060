"""Synthetic content for the benchmark, in the project's own format (cluster/content/README.md):
YAML files for the English content and one PO file per object and translation language, exactly
what `import_content` and `import_translations` read.

`Scale.of(1)` is the seed's shape (18 members, 14 topics, 4 news items, 4 knowledge products,
4 videos); `Scale.of(n)` has 18·n members and 26·n^1.4 snippets per language, a site that
accumulates news faster than it gains members: at n = 100, 1,800 members and 16,406 English
snippets, which makes 5,400 pages and 49,218 snippets once translated into Chinese and Spanish
(the "50,000 snippets" of the benchmark count the translations).

Text is drawn from a small vocabulary with Spanish and Chinese glosses (vocabulary.py), so every
translation has a realistic length; the same seed gives the same files.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .content_objects import (
    cluster,
    home,
    knowledge_product,
    member,
    news_item,
    topic,
    video,
)
from .synthetic_text import Writer

TRANSLATION_LANGUAGES = ("zh-hans", "es")  # the vocabulary's glosses


@dataclass(frozen=True)
class Scale:
    members: int
    topics: int
    news: int
    knowledge: int
    videos: int

    @classmethod
    def of(cls, factor):
        """The seed's shape times `factor` (see the module docstring)."""
        snippets = round(26 * factor**1.4)
        topics = round(14 * factor**0.5)
        per_kind = (snippets - topics) // 3
        return cls(18 * factor, topics, per_kind, per_kind, snippets - topics - 2 * per_kind)

    @property
    def snippets(self):
        return self.topics + self.news + self.knowledge + self.videos

    @property
    def objects(self):
        """English objects: the home page, the cluster page, members and snippets."""
        return 2 + self.members + self.snippets


# --- writing the directory ----------------------------------------------------------------


def generate(directory, scale, seed=1):
    """Write the content directory for `scale` (a Scale) into `directory`; returns the number of
    English objects and of PO files written."""
    directory = Path(directory)
    writer = Writer(seed)
    topics = [topic(writer, number) for number in range(1, scale.topics + 1)]
    topic_slugs = [item.slug for item in topics]
    news = [news_item(writer, n, topic_slugs) for n in range(1, scale.news + 1)]
    news_slugs = [item.slug for item in news]
    items = [
        home(writer),
        cluster(writer),
        *topics,
        *(member(writer, n, topic_slugs) for n in range(scale.members)),
        *news,
        *(knowledge_product(writer, n, topic_slugs) for n in range(1, scale.knowledge + 1)),
        *(video(writer, n, news_slugs) for n in range(1, scale.videos + 1)),
    ]
    for folder in ("members", "news", "knowledge", "videos"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    write_yaml(directory / "topics.yaml", [item.data for item in topics])
    po_files = 0
    for item in items:
        if item.yaml_path:
            write_yaml(directory / item.yaml_path, item.data)
        for language in TRANSLATION_LANGUAGES:
            write_po(directory / "locale", item, language)
            po_files += 1
    return len(items), po_files


def write_yaml(path, data):
    text = yaml.dump(data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


class SafeDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    pass


def po_path(locale_directory, model_name, slug, language):
    """Where the PO file of one object in one language goes: `<language>/<model>/<slug>.po`
    under `locale_directory`, as in cluster/content/locale."""
    return Path(locale_directory) / language / model_name / f"{slug}.po"


def write_po(locale_directory, item, language):
    model_name = item.model.split(".")[1]
    path = po_path(locale_directory, model_name, item.slug, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# {item.slug} ({model_name}) in {language}, generated for the benchmark",
        'msgid ""',
        'msgstr ""',
        *(
            po_string(f"{header}\n")
            for header in (
                "Content-Type: text/plain; charset=UTF-8",
                f"Language: {language}",
                f"X-Cluster-Object: {item.model}:{item.slug}",
                "X-Source-Language: en",
            )
        ),
    ]
    for context, text in item.entries:
        lines += [
            "",
            f"msgctxt {po_string(context)}",
            f"msgid {po_string(text['en'])}",
            f"msgstr {po_string(text[language])}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def po_string(text):
    return json.dumps(text, ensure_ascii=False)  # a PO string is a C string, as JSON writes it
