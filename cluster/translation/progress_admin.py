"""Translation progress in the admin, every view reading `cluster.translation.progress`:

- the progress view (Reports → Translation progress): every page and snippet by language and
  state, counts per language, filters by language, state and type;
- the translator's dashboard panel: what needs work in their languages, the longest waiting first,
  each linking into the translation editor;
- the state beside each translated page in the page explorer and in the snippet listings;
- the state in wagtail-localize's Reports → Translations
  (`wagtail_localize/admin/translations_report_results.html`, `translation_progress_tags`).
"""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.coreutils import get_content_languages

from cluster.compat import remembered_on_user
from cluster.translation import progress
from cluster.translation.roles import confined_languages

STATE_LABELS = {
    progress.SOURCE: pgettext_lazy("translation state", "Source"),
    progress.TRANSLATED: _("Translated"),
    progress.MACHINE: _("Machine translation, not reviewed"),
    progress.OUTDATED: _("Outdated"),
    progress.UNTRANSLATED: _("Untranslated"),
    progress.MISSING: _("Missing"),
}
DASHBOARD_LIMIT = 50


def language_names():
    return dict(get_content_languages())


def filtered(items, language, state, type_label):
    return [
        item
        for item in items
        if (not language or item.language == language)
        and (not state or item.state == state)
        and (not type_label or item.type_label == type_label)
    ]


def progress_view(request):
    """Every page and snippet by language and state: counts per language (of the type chosen),
    then the list, filtered by `?language=`, `?state=`, `?type=`."""
    language = request.GET.get("language", "")
    state = request.GET.get("state", "")
    type_label = request.GET.get("type", "")
    items = progress.progress()
    types = sorted({(item.type_label, str(item.type_name)) for item in items}, key=lambda t: t[1])
    names = language_names()
    of_type = filtered(items, "", "", type_label)
    counts = progress.counts_by_language(of_type)
    count_rows = [
        (names.get(code, code), code, [counts[code][s] for s in progress.STATES])
        for code in dict.fromkeys(item.language for item in items)
    ]
    return render(
        request,
        "cluster/translation/progress.html",
        {
            "rows": filtered(of_type, language, state, ""),
            "count_rows": count_rows,
            "states": [(s, STATE_LABELS[s]) for s in progress.STATES],
            "languages": list(names.items()),
            "types": types,
            "selected": {"language": language, "state": state, "type": type_label},
            "language_names": names,
            "state_labels": STATE_LABELS,
        },
    )


def admin_urls():
    return [path("translation-progress/", progress_view, name="cluster_translation_progress")]


def reports_menu_item():
    return MenuItem(
        _("Translation progress"),
        reverse("cluster_translation_progress"),
        name="translation-progress",
        icon_name="site",
        order=1100,
    )


class NeedsWorkPanel(Component):
    """The dashboard panel of a translator: what needs their work, the longest waiting first."""

    name = "translation_needs_work"
    template_name = "cluster/translation/needs_work_panel.html"
    order = 50

    def __init__(self, languages):
        self.languages = languages

    def get_context_data(self, parent_context):
        items = progress.needs_work(progress.progress(languages=self.languages), self.languages)
        return {
            "items": items[:DASHBOARD_LIMIT],
            "more": max(len(items) - DASHBOARD_LIMIT, 0),
            "language_names": language_names(),
            "state_labels": STATE_LABELS,
        }


def add_needs_work_panel(request, panels):
    """A `construct_homepage_panels` hook: translators only (Editors have the progress view)."""
    languages = confined_languages(request.user)
    if languages:
        panels.append(NeedsWorkPanel(sorted(languages)))


def page_states(user):
    """{page id: Item}, read once per request (kept on the user object)."""
    return remembered_on_user(
        user,
        "page_translation_states",
        lambda _user: {
            item.pk: item
            for item in progress.progress(models=progress.page_models())
            if item.pk is not None
        },
    )


def page_listing_state_button(page, user, next_url=None, **kwargs):
    """A `register_page_listing_buttons` hook: a translation's state, linking to its editor."""
    item = page_states(user).get(page.pk)
    if item is None or item.state == progress.SOURCE:
        return []
    return [
        ListingButton(
            STATE_LABELS[item.state],
            item.edit_url,
            classname=f"cluster-translation-state cluster-translation-state--{item.state}",
            attrs={"title": _("Translation state"), "data-translation-state": item.state},
            priority=5,
        )
    ]


class TranslationStateColumn(Column):
    """A snippet listing column: each object's translation state in its language."""

    def __init__(self, model):
        super().__init__("translation_state", label=_("Translation"))
        self.model = model

    def get_value(self, instance):
        return ""

    def states(self, user):
        return remembered_on_user(
            user,
            f"translation_states_{self.model._meta.model_name}",
            lambda _user: progress.states_by_pk(self.model, progress.progress(models=[self.model])),
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        item = self.states(parent_context["request"].user).get(instance.pk)
        context["value"] = STATE_LABELS[item.state] if item else ""
        return context


def report_states(translations):
    """{wagtail-localize Translation id: state label} for the rows of Reports → Translations."""
    items = {(item.translation_key, item.language): item for item in progress.progress()}
    labels = {}
    for translation in translations:
        item = items.get((translation.source.object_id, translation.target_locale.language_code))
        labels[translation.pk] = STATE_LABELS[item.state] if item else ""
    return labels
