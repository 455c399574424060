"""Whether a translated string can replace its English one: well-formed inline markup, the same
link ids and the same placeholders. Used for PO files and for machine translators' answers.
"""

import re
from html.parser import HTMLParser

from wagtail_localize.strings import StringValue, validate_translation_links

from cluster.sanitizer import markup_declaration_problem

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
