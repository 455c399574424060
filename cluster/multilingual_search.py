"""Search in English, Simplified Chinese and Spanish on Wagtail's database search backends
(PostgreSQL full-text search, SQLite FTS5).

Neither database can split Chinese into words: PostgreSQL's parser and FTS5's tokenizer both take
a run of Chinese characters up to the next punctuation mark as one token, so `洛阳位于河南省西部`
is one word and `洛阳` does not find it. Spanish needs accents ignored: `Queretaro` must find
`Querétaro` (FTS5 folds accents, PostgreSQL's `english` configuration does not).

So the text is analysed in Python, the same way at index time and at query time, and the
databases only ever see space-separated words:

- index: each searchable field's text, plus the accent-free spelling of its accented words, the
  words jieba finds in its Chinese runs (search mode, which adds the sub-words: `龙门石窟` gives
  `龙门`, `石窟`, `龙门石窟`), and those runs character by character;
- query: letters and digits only (punctuation, operators and emoji are dropped, so no query can
  break the database's query syntax), accents folded, Chinese runs cut into words by jieba; each
  Chinese word matches as a word, or as its characters side by side, so a word that jieba cut
  differently in the text is still found (`三彩` inside `唐三彩`, which jieba keeps whole).
"""

import logging
import re
import unicodedata
from functools import cache

from django.utils.encoding import force_str

from wagtail.search import index
from wagtail.search.query import And, Or, Phrase, PlainText

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{HAN}]+")
WORD = re.compile(r"[^\W_]+")
# What a query is made of: runs of Chinese characters and runs of other letters and digits.
QUERY_TOKEN = re.compile(f"[{HAN}]+|[^\\W_{HAN}]+")


@cache
def jieba():
    """jieba, imported on first use: loading its dictionary takes about a second."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def fold_accents(text):
    """`Querétaro` → `Queretaro`, `España` → `Espana`; full-width `Ａ１` → `A1`."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)


def chinese_index_words(run):
    """`洛阳龙门石窟` → `洛阳 龙门 石窟 洛阳龙门石窟`: words, and the words inside them."""
    return [word for word in jieba().cut_for_search(run) if word.strip()]


def chinese_query_words(run):
    """`龙门石窟在洛阳` → `["龙门石窟", "在", "洛阳"]`: one segmentation, no overlaps."""
    return [word for word in jieba().lcut(run) if word.strip()]


def index_variants(text):
    """What the index holds besides the text itself, so that `query_words()` match it: the
    accent-free spelling of its accented words, the words of its Chinese runs, and those runs
    character by character. For `Querétaro: 龙门石窟`:

        Queretaro
        龙门 石窟 龙门石窟
        龙 门 石 窟

    and "" for plain English."""
    words = dict.fromkeys(WORD.findall(text))
    respelled = [fold_accents(word) for word in words if fold_accents(word) != word]
    runs = HAN_RUN.findall(text)
    lines = [
        " ".join(respelled),
        " ".join(word for run in runs for word in chinese_index_words(run)),
        " ".join(" ".join(run) for run in runs),
    ]
    return "\n".join(line for line in lines if line)


def as_text(value):
    """A field's searchable value (a string, a list of block texts, None) as one string."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(as_text(item) for item in value)
    return force_str(value)


class MultilingualSearchField(index.SearchField):
    """Indexes the `index_variants()` of a field's searchable text, next to the field's own
    `SearchField` (same name, so a title's variants count as title). Works for plain fields, rich
    text (tags stripped by Wagtail), StreamFields and struct blocks (all their text)."""

    def get_value(self, obj):
        return index_variants(as_text(super().get_value(obj)))


def multilingual(search_fields):
    """`search_fields` plus a `MultilingualSearchField` with the same name and boost for each
    `SearchField` among them. The originals stay: Wagtail checks that a page's `search_fields`
    hold `Page.search_fields` themselves."""
    return search_fields + [
        MultilingualSearchField(field.field_name, boost=field.boost, **field.kwargs)
        for field in search_fields
        if type(field) is index.SearchField
    ]


def query_words(text):
    """The words to look for in what a visitor typed, each once, accents folded, lower case:
    `Querétaro: 龙门石窟在洛阳!` → `["queretaro", "龙门石窟", "在", "洛阳"]`. Punctuation, operators
    and emoji are not words."""
    words = []
    for token in QUERY_TOKEN.findall(fold_accents(text).lower()):
        words += chinese_query_words(token) if HAN_RUN.fullmatch(token) else [token]
    return list(dict.fromkeys(words))


def search_query(words, operator="and"):
    """The search query for `query_words()`, or None if there are none: other words go into one
    PlainText (`"queretaro oracle"`), each Chinese word is Or(PlainText("龙门石窟"),
    Phrase("龙 门 石 窟")); the parts are combined with And (Or for `operator="or"`)."""
    chinese = [word for word in words if HAN_RUN.fullmatch(word)]
    other = [word for word in words if word not in chinese]
    parts = [PlainText(" ".join(other), operator=operator)] if other else []
    parts += [chinese_word_query(word) for word in chinese]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return Or(parts) if operator == "or" else And(parts)


def chinese_word_query(word):
    if len(word) == 1:
        return PlainText(word)
    return Or([PlainText(word), Phrase(" ".join(word))])
