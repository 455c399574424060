"""Admin registration only."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cluster.delivery.document_files import refuse_missing_document_file
from cluster.delivery.webhooks import WebhookDeliveryViewSet
from cluster.models import GlossaryTerm, KnowledgeProduct, NewsItem, Topic, Video
from cluster.translation import glossary_warnings
from cluster.translation.permissions import (
    SNIPPET_MODELS,
    LocaleConfinedPermissionPolicy,
    LocaleConfinedSnippetViewSetMixin,
    guarded_wagtail_localize_endpoints,
)
from cluster.translation.progress_admin import (
    TranslationStateColumn,
    add_needs_work_panel,
    page_listing_state_button,
    reports_menu_item,
)
from cluster.translation.progress_admin import (
    admin_urls as translation_progress_urls,
)
from cluster.translation.translator_admin import (
    hide_page_menu_items_from_translators,
    hide_snippet_menu_items_from_translators,
    refuse_bulk_actions_to_translators,
)
from cluster.two_factor import admin_urls as two_factor_admin_urls

# Before the viewsets are registered, or Wagtail creates its per-model fallback policy.
for model in SNIPPET_MODELS:
    register_permission_policy(model, LocaleConfinedPermissionPolicy(model), exact_class=True)


# order=-1: ahead of wagtail-localize's own patterns for the same paths.
hooks.register("register_admin_urls", guarded_wagtail_localize_endpoints, order=-1)
hooks.register("construct_page_action_menu", hide_page_menu_items_from_translators)
hooks.register("construct_snippet_action_menu", hide_snippet_menu_items_from_translators)
hooks.register("before_bulk_action", refuse_bulk_actions_to_translators)
hooks.register("register_admin_urls", translation_progress_urls)
hooks.register("register_reports_menu_item", reports_menu_item)
hooks.register("construct_homepage_panels", add_needs_work_panel)
hooks.register("register_page_listing_buttons", page_listing_state_button)
# order=1: after Wagtail's own privacy check of the document's collection.
hooks.register("before_serve_document", refuse_missing_document_file, order=1)


class NewsItemViewSet(LocaleConfinedSnippetViewSetMixin, SnippetViewSet):
    model = NewsItem
    icon = "date"
    menu_order = 100
    list_display = ["title", "kind", "date", "locale", TranslationStateColumn(NewsItem)]
    list_filter = ["kind", "locale"]
    search_fields = ["title", "summary"]


class KnowledgeProductViewSet(LocaleConfinedSnippetViewSetMixin, SnippetViewSet):
    model = KnowledgeProduct
    icon = "doc-full"
    list_display = ["title", "kind", "date", "locale", TranslationStateColumn(KnowledgeProduct)]
    list_filter = ["kind", "locale"]


class VideoViewSet(LocaleConfinedSnippetViewSetMixin, SnippetViewSet):
    model = Video
    icon = "media"
    list_display = ["title", "date", "locale", TranslationStateColumn(Video)]
    list_filter = ["locale"]


class TopicViewSet(LocaleConfinedSnippetViewSetMixin, SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "locale", TranslationStateColumn(Topic)]
    list_filter = ["locale"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "openquote"
    list_display = ["term", "zh_hans", "es"]
    search_fields = ["term", "zh_hans", "es", "note"]


class ClusterContentGroup(SnippetViewSetGroup):
    menu_label = _("Cluster content")
    # Without it the name is slugified from the translated label and differs per language.
    menu_name = "cluster-content"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        NewsItemViewSet,
        KnowledgeProductViewSet,
        VideoViewSet,
        TopicViewSet,
        GlossaryTermViewSet,
    )


register_snippet(ClusterContentGroup)
hooks.register("register_admin_viewset", WebhookDeliveryViewSet)
hooks.register("register_admin_urls", two_factor_admin_urls)
# The glossary's warnings in wagtail-localize's translation editor.
hooks.register("register_admin_urls", glossary_warnings.admin_urls)
hooks.register("insert_editor_js", glossary_warnings.editor_js)
