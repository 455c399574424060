"""Content moving out: the live English objects written back as YAML in the import's format.

`export_content(directory)` writes `home.yaml`, `cluster.yaml`, `topics.yaml` and one file per
member, news item, knowledge product and video, so that `import_content` of the result changes
nothing and an admin edit can be brought back into the repository as a reviewable diff
(docs/content.md). Keys come in the order cluster/content/README.md lists them; empty optional
values are left out, as the seed leaves them out. Comments of a file already in `directory`
(its header, and a block of comments right above a top-level key) are kept where they were, so
exporting into cluster/content keeps the notes on sources and fixed typos. What the YAML format
cannot hold (a body image or embed added in the admin) is left out and reported.
"""

import datetime
import json
import re
import textwrap
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from PIL import Image as PILImage

from wagtail.models import Locale

from cluster.content_import import content_specs
from cluster.content_import.spec_types import ListOf, Mapping, OneOf
from cluster.content_import.yaml_comments import comment_blocks, with_comments
from cluster.languages import SOURCE_LANGUAGE
from cluster.models import (
    CityPage,
    ClusterPage,
    ImportRecord,
    KnowledgeProduct,
    NewsItem,
    OrganisationPage,
    Topic,
    Video,
)
from home.models import HomePage

WIDTH = 100  # columns, as the code's and the PO files' lines
# The database keeps an event's start in UTC; the files give it in the time of UN Headquarters,
# where the cluster's webinars are timed ("7:00am New York time").
EVENT_TIME_ZONE = "America/New_York"


def export_content(directory):
    """Write every live English object under `directory`; returns (paths written, warnings)."""
    directory = Path(directory)
    locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    warnings = []
    files = {}
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is not None:
        files["home.yaml"] = drop_empty({"title": home.title, "intro": home.intro})
    cluster = ClusterPage.objects.filter(locale=locale).first()
    if cluster is not None:
        files["cluster.yaml"] = cluster_data(cluster)
    live = {"locale": locale, "live": True}
    files["topics.yaml"] = [
        {"slug": topic.slug, "name": topic.name}
        for topic in Topic.objects.filter(**live).order_by("pk")
    ]
    members = [
        *CityPage.objects.filter(**live).select_related("hero_image"),
        *member_pages(locale),
    ]
    for page in members:
        files[f"members/{page.slug}.yaml"] = member_data(page, warnings)
    for item in NewsItem.objects.filter(**live).order_by("slug"):
        files[f"news/{item.slug}.yaml"] = news_data(item)
    for item in KnowledgeProduct.objects.filter(**live).order_by("slug"):
        files[f"knowledge/{item.slug}.yaml"] = knowledge_data(item)
    for video in Video.objects.filter(**live).select_related("related_news").order_by("slug"):
        files[f"videos/{video.slug}.yaml"] = video_data(video)
    recorded = dict(
        ImportRecord.objects.filter(language=SOURCE_LANGUAGE).values_list("file", "comments")
    )
    written = []
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # The comments of the file already there, else those the import read with it.
        blocks = comment_blocks(path.read_text(encoding="utf-8")) if path.exists() else None
        text = dump(ordered(data, spec_of(name)))
        path.write_text(with_comments(blocks or recorded.get(name, []), text), encoding="utf-8")
        written.append(path)
    return written, warnings


def member_pages(locale):
    return OrganisationPage.objects.filter(locale=locale, live=True).select_related("hero_image")


# --- objects as the import reads them -------------------------------------------------------


def cluster_data(page):
    return drop_empty(
        {
            "slug": page.slug,
            "title": page.title,
            "subtitle": page.subtitle,
            "introduction": page.introduction,
            "themes": [dict(block) for block in stream(page, "themes")],
            "figures": [numbers(drop_empty(block)) for block in stream(page, "figures")],
            "body": page.body,
            "join_call": page.join_call,
        }
    )


def member_data(page, warnings):
    city = isinstance(page, CityPage)
    body = []
    for block in page.body.raw_data:
        if block["type"] in ("heading", "paragraph", "quote"):
            value = block["value"]
            body.append({block["type"]: drop_empty(value) if isinstance(value, dict) else value})
        else:
            warnings.append(f"members/{page.slug}.yaml: a body {block['type']} block is left out")
    location = None
    if city and page.latitude is not None and page.longitude is not None:
        location = {"latitude": coordinate(page.latitude), "longitude": coordinate(page.longitude)}
    return drop_empty(
        {
            "kind": "city" if city else "organisation",
            "slug": page.slug,
            "title": page.title,
            "country": page.country,
            "region": page.region if city else "",
            "acronym": "" if city else page.acronym,
            "website": page.website,
            "location": location,
            "summary": page.summary,
            "body": body,
            "heritage_highlights": [dict(b) for b in stream(page, "heritage_highlights")]
            if city
            else [],
            "facts": [numbers(drop_empty(b)) for b in stream(page, "facts")] if city else [],
            "topics": topic_slugs(page),
            "hero": hero_data(page.hero_image),
        }
    )


def hero_data(image):
    """The placeholder's colour is its palette's background entry (placeholder_images.py)."""
    if image is None:
        return None
    with image.open_file() as file, PILImage.open(file) as picture:
        palette = picture.getpalette() or [0, 0, 0]
    colour = "#{:02x}{:02x}{:02x}".format(*palette[:3])
    return {"colour": colour, "alt": image.description}


def news_data(item):
    event = drop_empty(
        {
            "starts_at": item.event_starts_at
            and item.event_starts_at.astimezone(ZoneInfo(EVENT_TIME_ZONE)),
            "access": item.access_info,
        }
    )
    return drop_empty(
        {
            "slug": item.slug,
            "kind": item.kind,
            "title": item.title,
            "date": item.date,
            "summary": item.summary,
            "body": item.body,
            "event": event,
            "recordings": [
                drop_empty(
                    {
                        "platform": r.platform,
                        "language": r.language,
                        "label": r.label,
                        "url": r.url,
                    }
                )
                for r in item.recordings.all()
            ],
            "topics": topic_slugs(item),
        }
    )


def knowledge_data(item):
    return drop_empty(
        {
            "slug": item.slug,
            "kind": item.kind,
            "title": item.title,
            "date": item.date,
            "publisher": item.publisher,
            "summary": item.summary,
            "body": item.body,
            "external_url": item.external_url,
            "topics": topic_slugs(item),
        }
    )


def video_data(video):
    return drop_empty(
        {
            "slug": video.slug,
            "title": video.title,
            "description": video.description,
            "date": video.date,
            "youtube_url": video.youtube_url,
            "bilibili_url": video.bilibili_url,
            "related_news": video.related_news.slug if video.related_news else None,
        }
    )


def stream(instance, name):
    """A StreamField's block values as plain data, as stored."""
    return [block["value"] for block in getattr(instance, name).raw_data]


def topic_slugs(instance):
    return [link.topic.slug for link in instance.topic_links.all().select_related("topic")]


def number(value):
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def coordinate(value):
    """Degrees with four decimal places, as the seed gives them (19.8450: about 10 m), or as
    many as an editor gave (the field keeps six)."""
    four = value.quantize(Decimal("0.0001"))
    return four if four == value else value.normalize()


def numbers(block):
    return {k: number(v) if k == "value" else v for k, v in block.items()}


def drop_empty(data):
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def spec_of(name):
    single = {"home.yaml": content_specs.HOME, "cluster.yaml": content_specs.CLUSTER}
    folders = {"members": content_specs.MEMBER, "news": content_specs.NEWS}
    folders |= {"knowledge": content_specs.KNOWLEDGE, "videos": content_specs.VIDEO}
    if name == "topics.yaml":
        return content_specs.TOPICS
    return single.get(name) or folders[name.split("/")[0]]


def ordered(value, spec):
    """`value` with every mapping's keys in its spec's order (the README's)."""
    if isinstance(spec, Mapping) and isinstance(value, dict):
        return {key: ordered(value[key], spec.fields[key]) for key in spec.fields if key in value}
    if isinstance(spec, ListOf) and isinstance(value, list):
        return [ordered(item, spec.item) for item in value]
    if isinstance(spec, OneOf) and isinstance(value, dict) and len(value) == 1:
        ((block_type, block_value),) = value.items()
        return {block_type: ordered(block_value, spec.blocks[block_type])}
    return value


# --- YAML in the seed's layout --------------------------------------------------------------


def dump(data):
    """YAML as the seed is written: block style, keys in the README's order, slugs lists on one
    line, a text that does not fit on its line folded (`>-`) and wrapped at WIDTH columns (one
    with line breaks as a literal block, `|-`), and quotes only where YAML needs them."""
    texts = []

    def token(dumper, text):
        texts.append(text)
        return dumper.represent_scalar("tag:yaml.org,2002:str", f"TXT{len(texts) - 1}X")

    dumper = type("Dumper", (ContentDumper,), {})
    dumper.add_representer(str, token)
    raw = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10**6)
    lines = []
    for line in raw.splitlines():
        line = re.sub(r"TXT(\d+)X(?=:)", lambda m: texts[int(m.group(1))], line)  # keys
        alone = re.fullmatch(r"(\s*(?:- )?(?:\w+: )?)TXT(\d+)X", line)
        if alone:
            lines.extend(scalar_lines(alone.group(1), texts[int(alone.group(2))]))
            continue
        line = re.sub(r"TXT(\d+)X", lambda m: inline(texts[int(m.group(1))]), line)
        slugs = re.fullmatch(r"(\s*)(\w+): \[(.*)\]", line)
        if slugs and len(line) > WIDTH:  # a list too long for one line, one slug a line
            indent, key, items = slugs.groups()
            lines.append(f"{indent}{key}:")
            lines.extend(f"{indent}  - {item}" for item in items.split(", "))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


class ContentDumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def represent_list(dumper, items):
    flow = bool(items) and all(
        isinstance(item, str) and re.fullmatch(r"[a-z0-9-]+", item) for item in items
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


def represent_datetime(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def represent_decimal(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


ContentDumper.add_representer(list, represent_list)
ContentDumper.add_representer(Decimal, represent_decimal)
ContentDumper.add_representer(datetime.datetime, represent_datetime)


def scalar_lines(prefix, text):
    if len(prefix) + len(inline(text)) <= WIDTH:
        return [prefix + inline(text)]
    indent = " " * (len(prefix) - len(prefix.lstrip(" -")) + 2)
    if "\n" in text and all(line == line.strip() and line for line in text.split("\n")):
        return [prefix + "|-", *(indent + line for line in text.split("\n"))]
    if text == text.strip() and "  " not in text and "\n" not in text and text:
        wrapped = textwrap.wrap(
            text,
            WIDTH,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        return [prefix + ">-", *wrapped]
    return [prefix + inline(text)]


def inline(text):
    return text if plain(text) else json.dumps(text, ensure_ascii=False)


def plain(text):
    """Whether `text` reads back as itself written without quotes."""
    if not text or "\n" in text or text != text.strip():
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False
