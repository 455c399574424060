"""The glossary in wagtail-localize's translation editor: a panel above the editor lists each
string whose English contains a glossary term and whose translation lacks the approved form.

wagtail-localize's editor is a React application with no extension point for per-string
messages, so the check runs here, on the server, with the same `Glossary` as the PO import, and
a small script (`cluster/js/glossary-warnings.js`, added through Wagtail's `insert_editor_js`
hook, which the translation editor's template outputs) shows the answer of
`glossary_warnings_view` and asks again whenever the translator saves a string.
"""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.admin.auth import require_admin_access
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance

from cluster.translation.glossary_checks import Glossary, is_checked_context
from cluster.translation.permissions import refuse_translations_into_other_languages

WARNINGS_URL_NAME = "cluster_glossary_warnings"


def glossary_warnings(translation, glossary=None):
    """[{"segment_id", "field", "source", "translation", "findings": [{"term", "approved"}]}]
    for the strings of a translation that lack a term's approved form, in the editor's order.
    Strings not translated yet are not listed."""
    glossary = Glossary.from_database() if glossary is None else glossary
    language = translation.target_locale.language_code
    segments = list(
        StringSegment.objects.filter(source=translation.source)
        .select_related("string", "context")
        .order_by("order")
    )
    stored = {
        (row.translation_of_id, row.context_id): row.data
        for row in StringTranslation.objects.filter(
            context__in={segment.context for segment in segments},
            locale=translation.target_locale,
        )
    }
    warnings = []
    for segment in segments:
        if not is_checked_context(segment.context.path):
            continue
        translated = stored.get((segment.string_id, segment.context_id), "")
        findings = glossary.findings(segment.string.data, translated, language)
        if findings:
            warnings.append(
                {
                    "segment_id": segment.id,
                    "field": segment.context.path,
                    "source": segment.string.data,
                    "translation": translated,
                    "findings": [
                        {"term": finding.term, "approved": finding.approved} for finding in findings
                    ],
                }
            )
    return warnings


@require_GET
@require_admin_access
def glossary_warnings_view(request, translation_id):
    """JSON for the editor's panel: {"heading": ..., "warnings": [... with a "message" each]}."""
    translation = get_object_or_404(Translation, pk=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        return JsonResponse({"error": _("You may not edit this translation.")}, status=403)
    warnings = glossary_warnings(translation)
    for warning in warnings:
        warning["message"] = "; ".join(
            _("“%(term)s” should be “%(approved)s”") % finding for finding in warning["findings"]
        )
    heading = (
        _("Glossary: %(count)s string(s) lack an approved term") % {"count": len(warnings)}
        if warnings
        else ""
    )
    return JsonResponse({"heading": heading, "warnings": warnings})


def admin_urls():
    view = refuse_translations_into_other_languages(glossary_warnings_view)
    return [
        path("glossary/translations/<int:translation_id>/warnings/", view, name=WARNINGS_URL_NAME)
    ]


def editor_js():
    """The panel's script, with the warnings' address for translation 0 (the script puts in
    the translation's own id)."""
    return format_html(
        '<script src="{}" data-glossary-warnings-url="{}" defer></script>',
        static("cluster/js/glossary-warnings.js"),
        reverse(WARNINGS_URL_NAME, args=[0]),
    )
