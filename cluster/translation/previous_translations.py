"""The previous translation of a string whose English changed, offered in the translation editor.

When a source is refreshed (`cluster.translation.source_refresh`) a changed string is a new
string with no translation; wagtail-localize keeps the old `StringTranslation` rows but offers
none of them. They are found by the string's context (its field or block) and language: uniquely
for a StreamField block or a one-string field (a summary, a title), and among several for a rich
text field whose paragraphs share one context, where the translation whose English is most like
the new English is offered.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from wagtail_localize.models import StringSegment, StringTranslation


@dataclass(frozen=True)
class PreviousTranslation:
    segment_id: int
    source: str  # the current English
    previous_source: str  # the English it was translated from
    previous_translation: str


def previous_translations(translation):
    """The previous translations a wagtail-localize `Translation` can start from, one per string
    of its current source that has no translation in its language. Two queries."""
    segments = list(
        StringSegment.objects.filter(source_id=translation.source_id)
        .select_related("string")
        .order_by("order")
    )
    rows = (
        StringTranslation.objects.filter(
            context_id__in={segment.context_id for segment in segments},
            locale_id=translation.target_locale_id,
        )
        .select_related("translation_of")
        .order_by("-id")
    )  # the newest first among equals
    current = {(segment.string_id, segment.context_id) for segment in segments}
    earlier_by_context = {}
    for row in rows:
        if (row.translation_of_id, row.context_id) not in current:
            earlier_by_context.setdefault(row.context_id, []).append(row)
    translated = {(row.translation_of_id, row.context_id) for row in rows}

    offered = []
    for segment in segments:
        if (segment.string_id, segment.context_id) in translated:
            continue
        candidates = earlier_by_context.get(segment.context_id)
        if not candidates:
            continue
        new_english = segment.string.data
        best = max(
            candidates,
            key=lambda row: SequenceMatcher(None, row.translation_of.data, new_english).ratio(),
        )
        offered.append(
            PreviousTranslation(segment.id, new_english, best.translation_of.data, best.data)
        )
    return offered
