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
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from ..pipeline.importing import stable_id
from .vocabulary import ADJECTIVES, JOINERS, LANGUAGES, NOUNS, SYLLABLES, VERBS

TRANSLATION_LANGUAGES = ("zh-hans", "es")
CLUSTER_SLUG = "tourism-heritage-creative-economy"
COUNTRIES = {"CN": ("CNY", 30, 115), "MX": ("MXN", 20, -100), "BR": ("BRL", -15, -45)}
PLATFORMS = [("youtube", "en"), ("bilibili", "zh"), ("youtube", "es"), ("fengzhibo", "zh")]


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


# --- text in three languages --------------------------------------------------------------


class Text(dict):
    """One text in every language: `{"en": ..., "es": ..., "zh-hans": ...}`."""

    @classmethod
    def same(cls, value):
        return cls({language: value for language in LANGUAGES})

    @classmethod
    def of_words(cls, words, sentence=False):
        text = cls()
        for index, language in enumerate(LANGUAGES):
            parts = [word if isinstance(word, str) else word[index] for word in words]
            if language == "zh-hans":
                value = "".join(parts) + ("。" if sentence else "")
            else:
                value = " ".join(parts)
                value = (value[0].upper() + value[1:] + ".") if sentence else value
            text[language] = value
        return text

    def join(self, others, separator=" "):
        return Text(
            {
                language: ("" if language == "zh-hans" else separator).join(
                    [self[language], *(other[language] for other in others)]
                )
                for language in LANGUAGES
            }
        )


class Writer:
    """Draws words from a seeded random generator."""

    def __init__(self, seed):
        self.random = random.Random(seed)

    def pick(self, items):
        return self.random.choice(items)

    def name(self):
        syllables = [self.pick(SYLLABLES) for _ in range(self.random.randint(2, 3))]
        return "".join(syllables).capitalize()

    def phrase(self, words=2):
        return Text.of_words([*(self.pick(ADJECTIVES) for _ in range(words - 1)), self.pick(NOUNS)])

    def sentence(self, subject=None):
        words = [subject or self.pick(NOUNS), self.pick(VERBS), self.pick(ADJECTIVES)]
        words += [self.pick(NOUNS), self.pick(JOINERS), self.pick(ADJECTIVES), self.pick(NOUNS)]
        for _ in range(self.random.randint(0, 6)):
            words += [self.pick(JOINERS), self.pick(NOUNS)]
        return Text.of_words(words, sentence=True)

    def sentences(self, count, subject=None):
        first, *rest = [self.sentence(subject if n == 0 else None) for n in range(count)]
        return first.join(rest)

    def paragraph(self, subject=None):
        """One `<p>` worth of text (3 to 6 sentences), without the tags."""
        return self.sentences(self.random.randint(3, 6), subject)

    def title(self, words=3):
        text = Text.of_words([self.pick(ADJECTIVES), self.pick(NOUNS), self.pick(JOINERS)])
        text = text.join([self.phrase(words - 1)])
        return Text({language: value.title() for language, value in text.items()})

    def day(self, start=date(2015, 1, 1), days=3650):
        return start + timedelta(days=self.random.randrange(days))


def rich_text(paragraphs, language):
    return "\n".join(f"<p>{paragraph[language]}</p>" for paragraph in paragraphs)


def slugify(text, number):
    return f"{'-'.join(text.lower().split())}-{number}"


# --- one object: its YAML and its translation entries -------------------------------------


@dataclass
class Generated:
    """One content object: where its YAML goes (None for topics, which share topics.yaml), its
    data, and the translation entries (msgctxt, Text) of its PO files."""

    model: str  # app_label.model_name, as in the PO header
    slug: str
    data: dict
    entries: list
    yaml_path: str | None = None

    def add(self, context, text):
        self.entries.append((context, text))

    def add_rich_text(self, context, paragraphs):
        for paragraph in paragraphs:
            self.add(context, paragraph)


def home(writer):
    intro = [writer.paragraph()]
    item = Generated("home.homepage", "home", {}, [], "home.yaml")
    item.data = {"title": "Cities Project", "intro": rich_text(intro, "en")}
    item.add(
        "title", Text({"en": "Cities Project", "es": "Proyecto Ciudades", "zh-hans": "城市项目"})
    )
    item.add("slug", Text.same("home"))
    item.add_rich_text("intro", intro)
    return item


def cluster(writer):
    owner = f"cluster.clusterpage:{CLUSTER_SLUG}"
    title, subtitle = writer.title(), writer.title(4)
    introduction, body, join_call = (
        [writer.paragraph()],
        [writer.paragraph() for _ in range(4)],
        [writer.paragraph()],
    )
    item = Generated("cluster.clusterpage", CLUSTER_SLUG, {}, [], "cluster.yaml")
    item.add("title", title)
    item.add("slug", Text.same(CLUSTER_SLUG))
    item.add("subtitle", subtitle)
    item.add_rich_text("introduction", introduction)
    themes = []
    for index in range(4):
        theme_title, description = writer.phrase(3), writer.sentences(2)
        block = stable_id(owner, "themes", index, "theme")
        themes.append(
            {
                "key": f"theme-{index + 1}",
                "title": theme_title["en"],
                "description": description["en"],
            }
        )
        item.add(f"themes.{block}.title", theme_title)
        item.add(f"themes.{block}.description", description)
    figures = []
    for index in range(3):
        measure, source = writer.phrase(4), Text.same("UNESCO")
        block = stable_id(owner, "figures", index, "figure")
        figures.append(
            {"value": 10 + index, "unit": "percent", "measure": measure["en"], "source": "UNESCO"}
            | {"year": 2020 + index}
        )
        item.add(f"figures.{block}.measure", measure)
        item.add(f"figures.{block}.source", source)
    item.add_rich_text("body", body)
    item.add_rich_text("join_call", join_call)
    item.data = {
        "slug": CLUSTER_SLUG,
        "title": title["en"],
        "subtitle": subtitle["en"],
        "introduction": rich_text(introduction, "en"),
        "themes": themes,
        "figures": figures,
        "body": rich_text(body, "en"),
        "join_call": rich_text(join_call, "en"),
    }
    return item


def topic(writer, number):
    name = writer.phrase(2)
    name = Text({language: value.title() for language, value in name.items()})
    slug = slugify(name["en"], number)
    item = Generated("cluster.topic", slug, {"slug": slug, "name": name["en"]}, [])
    item.add("name", name)
    return item


def member(writer, number, topics):
    """A city like the seed's, with a longer profile; every 18th member is an organisation."""
    is_city = number % 18 != 17
    name = writer.name()
    slug = slugify(name, number)
    country = writer.pick(list(COUNTRIES))
    model = "cluster.citypage" if is_city else "cluster.organisationpage"
    owner = f"{model}:{slug}"
    title = Text.same(name) if is_city else Text.same(f"Association of {name} Cities")
    summary = writer.sentences(2, subject=name)
    item = Generated(model, slug, {}, [], f"members/{slug}.yaml")
    item.add("title", title)
    item.add("slug", Text.same(slug))
    data = {
        "kind": "city" if is_city else "organisation",
        "slug": slug,
        "title": title["en"],
        "country": country,
    }
    if is_city:
        region = Text.of_words([writer.name(), ("Province", "Provincia", "省")])
        item.add("region", region)
        currency, latitude, longitude = COUNTRIES[country]
        data["region"] = region["en"]
        data["location"] = {
            "latitude": round(latitude + writer.random.uniform(-8, 8), 4),
            "longitude": round(longitude + writer.random.uniform(-8, 8), 4),
        }
    else:
        data["acronym"] = f"A{name[:3].upper()}"
        item.add("acronym", Text.same(data["acronym"]))
    data["summary"] = summary["en"][:400].strip()
    summary = Text({language: value[:400].strip() for language, value in summary.items()})
    item.add("summary", summary)
    data["body"] = body_blocks(writer, item, owner, name)
    if is_city:
        data["heritage_highlights"] = highlights(writer, item, owner, name)
        data["facts"] = facts(writer, item, owner, currency)
    data["topics"] = writer.random.sample(topics, k=min(len(topics), writer.random.randint(1, 3)))
    data["hero"] = {
        "colour": f"#{writer.random.randrange(0x202020, 0xA0A0A0):06x}",
        "alt": f"Placeholder image for {title['en']}",
    }
    item.data = data
    return item


def body_blocks(writer, item, owner, name):
    """A heading, three paragraphs of several sentences and sometimes a quote."""
    blocks = [("heading", writer.title())]
    blocks += [("paragraph", [writer.paragraph(name), writer.paragraph()]) for _ in range(3)]
    if writer.random.random() < 0.5:
        blocks.append(("quote", writer.sentences(2)))
    data = []
    for index, (kind, value) in enumerate(blocks):
        block = stable_id(owner, "body", index, kind)
        if kind == "heading":
            item.add(f"body.{block}", value)
            data.append({"heading": value["en"]})
        elif kind == "paragraph":
            item.add_rich_text(f"body.{block}", value)
            data.append({"paragraph": rich_text(value, "en")})
        else:
            attribution = Text.same(writer.name())
            item.add(f"body.{block}.text", value)
            item.add(f"body.{block}.attribution", attribution)
            data.append({"quote": {"text": value["en"], "attribution": attribution["en"]}})
    return data


def highlights(writer, item, owner, name):
    data = []
    for index in range(3):
        block = stable_id(owner, "heritage_highlights", index, "highlight")
        highlight_name, description = writer.phrase(3), writer.sentences(1, subject=name)
        item.add(f"heritage_highlights.{block}.name", highlight_name)
        item.add(f"heritage_highlights.{block}.description", description)
        data.append({"name": highlight_name["en"], "description": description["en"]})
    return data


def facts(writer, item, owner, currency):
    source = Text(
        {
            "en": "Cities Cluster member profile",
            "es": "Perfil de miembro del Clúster de Ciudades",
            "zh-hans": "城市集群成员简介",
        }
    )
    rows = [
        (
            "population",
            writer.random.randrange(200_000, 20_000_000),
            "people",
            "resident population",
        ),
        ("area_km2", round(writer.random.uniform(100, 20_000), 1), "km2", None),
        ("gdp", writer.random.randrange(10**9, 10**12), currency, "gross domestic product"),
        ("heritage_sites", writer.random.randrange(5, 400), "count", None),
        ("forest_coverage", round(writer.random.uniform(5, 70), 1), "percent", None),
    ]
    data = []
    for index, (key, value, unit, note) in enumerate(rows):
        block = stable_id(owner, "facts", index, "fact")
        fact = {"key": key, "value": value, "unit": unit, "year": 2020, "source": source["en"]}
        item.add(f"facts.{block}.source", source)
        if note:
            note_text = Text.of_words([writer.pick(ADJECTIVES), note.split()[-1]])
            fact["note"] = note_text["en"]
            item.add(f"facts.{block}.note", note_text)
        data.append(fact)
    return data


def news_item(writer, number, topics):
    title = writer.title(4)
    slug = slugify(" ".join(title["en"].split()[:4]), number)
    kind = ("news", "event", "webinar")[number % 3]
    summary, body = (
        writer.sentences(2),
        [writer.paragraph() for _ in range(writer.random.randint(2, 3))],
    )
    item = Generated("cluster.newsitem", slug, {}, [], f"news/{slug}.yaml")
    item.add("title", title)
    item.add("summary", summary)
    item.add_rich_text("body", body)
    published = writer.day()
    data = {
        "slug": slug,
        "kind": kind,
        "title": title["en"],
        "date": published,
        "summary": summary["en"],
        "body": rich_text(body, "en"),
    }
    if kind != "news":
        access = writer.sentences(1)
        item.add("access_info", access)
        data["event"] = {"starts_at": f"{published + timedelta(days=3)}T07:00:00-05:00"}
        data["event"]["access"] = access["en"]
    if kind == "webinar":
        data["recordings"] = []
        for platform, language in PLATFORMS[: writer.random.randint(1, 3)]:
            label = Text.of_words([writer.pick(ADJECTIVES), ("recording", "grabación", "录像")])
            key = stable_id(f"cluster.newsitem:{slug}", "recordings", platform, language)
            item.add(f"recordings.{key}.label", label)
            recording = {"platform": platform, "language": language, "label": label["en"]}
            recording["url"] = f"https://www.example.org/{platform}/{slug}-{language}"
            data["recordings"].append(recording)
    data["topics"] = writer.random.sample(topics, k=min(len(topics), writer.random.randint(1, 3)))
    item.data = data
    return item


def knowledge_product(writer, number, topics):
    title = writer.title(4)
    slug = slugify(" ".join(title["en"].split()[:4]), number)
    summary, body = writer.sentences(2), [writer.paragraph()]
    publisher = Text({"en": "UNOSSC Cities Project", "es": "Proyecto Ciudades de la UNOSSC"})
    publisher["zh-hans"] = "联合国南南合作办公室城市项目"
    item = Generated("cluster.knowledgeproduct", slug, {}, [], f"knowledge/{slug}.yaml")
    item.add("title", title)
    item.add("publisher", publisher)
    item.add("summary", summary)
    item.add_rich_text("body", body)
    item.data = {
        "slug": slug,
        "kind": ("training_report", "publication", "policy_brief")[number % 3],
        "title": title["en"],
        "date": writer.day(),
        "publisher": publisher["en"],
        "summary": summary["en"],
        "body": rich_text(body, "en"),
        "external_url": f"https://www.example.org/knowledge/{slug}",
        "topics": writer.random.sample(topics, k=min(len(topics), writer.random.randint(1, 3))),
    }
    return item


def video(writer, number, news_slugs):
    title = writer.title(3)
    slug = slugify(" ".join(title["en"].split()[:3]), number)
    description = writer.sentences(2)
    item = Generated("cluster.video", slug, {}, [], f"videos/{slug}.yaml")
    item.add("title", title)
    item.add("description", description)
    item.data = {
        "slug": slug,
        "title": title["en"],
        "description": description["en"],
        "date": writer.day(),
        "youtube_url": f"https://www.youtube.com/watch?v=bn{number:09d}",
    }
    if news_slugs and number % 2 == 0:
        item.data["related_news"] = news_slugs[number % len(news_slugs)]
    return item


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


def write_po(locale_directory, item, language):
    model_name = item.model.split(".")[1]
    path = locale_directory / language / model_name / f"{item.slug}.po"
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
