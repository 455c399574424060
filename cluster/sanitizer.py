"""Rich text reduced to what the editor's features allow, by nh3 (the Ammonia HTML sanitizer).

Wagtail's own whitelisting runs on the editor's ContentState; rich text also reaches the database
from the translation editor, PO files, YAML files and machine translation, and wagtail-localize
checks only that a translation's tags are well formed. Everything here parses HTML as a browser
does (html5ever), so comment and CDATA tricks that fool a hand-written parser
(`<!--><img src=x onerror=...>-->`) come out as text.

- `sanitize_rich_text(html)`: stored rich text ("database HTML": `<a linktype="page" id="3">`,
  `<p data-block-key="...">`) reduced to the tags, attributes and link types of
  `RICH_TEXT_FEATURES`. `SanitizedRichTextField` and `SanitizedRichTextBlock` apply it on every
  save, and the API applies it again on output, so rows written before it existed are served
  clean too.
- `markup_declaration_problem(html)`: the import's checks of YAML and PO files refuse comments,
  CDATA and processing instructions with an error, instead of having them vanish on save.
"""

import re
from functools import cache

import nh3

from wagtail.blocks import RichTextBlock
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText, features

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "ol", "ul"]

# Always allowed by Wagtail's editor, whatever the features: paragraphs and line breaks.
BASE_TAGS = {"p", "br"}
# Draftail keys each block (`<p data-block-key="c3f8a">`) so that revisions can be compared.
BLOCK_KEY = "data-block-key"
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# nh3 writes void elements the HTML way (`<br>`); Wagtail's database format writes them `<br/>`.
VOID_TAG = re.compile(r"<(br|hr)>")


@cache
def allowed_markup(feature_names):
    """`(tags, attributes, link types)` the rich-text features allow in database HTML.

    Read from Wagtail's feature registry (each feature's ContentState rule lists the database
    elements it accepts, e.g. `a[linktype="page"]`), so a feature added to
    `RICH_TEXT_FEATURES` is allowed here too.
    """
    tags, link_types = set(BASE_TAGS), set()
    for name in feature_names:
        rule = features.get_converter_rule("contentstate", name) or {}
        for element in rule.get("from_database_format", {}):
            tag, _bracket, condition = element.partition("[")
            tags.add(tag)
            if condition.startswith("linktype="):
                link_types.add(condition.removeprefix("linktype=").strip('"]'))
    attributes = {tag: {BLOCK_KEY} for tag in tags if tag not in {"a", "b", "i", "br"}}
    if "a" in tags:
        attributes["a"] = {"href", "linktype", "id"}
    return frozenset(tags), attributes, frozenset(link_types)


def sanitize_rich_text(html, feature_names=None):
    """Database HTML with only what `feature_names` (default `RICH_TEXT_FEATURES`) allow: no
    comments, CDATA, processing instructions, scripts, event attributes, or links to
    `javascript:` and `data:` URLs.

    >>> sanitize_rich_text('<p>Cuándo<!--><img src=x onerror=alert(1)>--></p>')
    '<p>Cuándo--&gt;</p>'
    """
    if not html:
        return html
    tags, attributes, link_types = allowed_markup(tuple(feature_names or RICH_TEXT_FEATURES))

    def keep_internal_links_of_allowed_types(tag, attribute, value):
        if tag == "a" and attribute == "linktype" and value not in link_types:
            return None
        return value

    cleaned = nh3.clean(
        html,
        tags=set(tags),
        attributes=attributes,
        attribute_filter=keep_internal_links_of_allowed_types,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return VOID_TAG.sub(r"<\1/>", cleaned)


# `<!` opens a comment, CDATA section or doctype, `<?` a processing instruction, `</` followed by
# anything but a letter a bogus comment: where Python's HTMLParser and a browser disagree.
MARKUP_DECLARATION = re.compile(r"<[!?]|</(?![A-Za-z])")


def markup_declaration_problem(html):
    """Why text meant as rich text may not be stored, or None: an error for the files and the
    translations an import reads, which the sanitizer would otherwise change silently."""
    if MARKUP_DECLARATION.search(html or ""):
        return "comments, CDATA sections, doctypes and processing instructions are not allowed"
    return None


class SanitizedRichTextField(RichTextField):
    """A `RichTextField` whose value is sanitized whenever the object is saved or a revision of
    it is written (Django's and modelcluster's serialisation both read `pre_save`)."""

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        cleaned = sanitize_rich_text(value, self.features)
        if cleaned != value:
            setattr(model_instance, self.attname, cleaned)
        return cleaned


class SanitizedRichTextBlock(RichTextBlock):
    """A `RichTextBlock` stored and served sanitized (served too: blocks saved before
    sanitizing existed are cleaned on their way out)."""

    def sanitize(self, value):
        return sanitize_rich_text(value.source, self.features)

    def get_prep_value(self, value):
        return self.sanitize(value)

    def get_api_representation(self, value, context=None):
        clean_value = RichText(self.sanitize(value))
        return super().get_api_representation(clean_value, context=context)
