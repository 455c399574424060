"""The synthetic content objects, one function per kind: each returns a `Generated` holding the
object's YAML data (in the format of cluster/content/README.md) and the entries of its PO files.

Block ids and inline children's keys appear in the PO contexts (`body.<block id>`); they are
derived with the pipeline's `stable_id`, the content format's own rule, so the generated PO files
match the database the import makes."""

from dataclasses import dataclass
from datetime import timedelta

from cluster.content_import.writing import stable_id

from .synthetic_text import Text, rich_text, slugify
from .vocabulary import ADJECTIVES

CLUSTER_SLUG = "tourism-heritage-creative-economy"
COUNTRIES = {"CN": ("CNY", 30, 115), "MX": ("MXN", 20, -100), "BR": ("BRL", -15, -45)}
PLATFORMS = [
    ("youtube", "en"),
    ("bilibili", "zh-hans"),
    ("youtube", "es"),
    ("fengzhibo", "zh-hans"),
]


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
