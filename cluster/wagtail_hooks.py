"""Admin registration only."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import KnowledgeProduct, NewsItem, Topic, Video


class NewsItemViewSet(SnippetViewSet):
    model = NewsItem
    icon = "date"
    menu_order = 100
    list_display = ["title", "kind", "date", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["title", "summary"]


class KnowledgeProductViewSet(SnippetViewSet):
    model = KnowledgeProduct
    icon = "doc-full"
    list_display = ["title", "kind", "date", "locale"]
    list_filter = ["kind", "locale"]


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    list_display = ["title", "date", "locale"]
    list_filter = ["locale"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]


class ClusterContentGroup(SnippetViewSetGroup):
    menu_label = _("Cluster content")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (NewsItemViewSet, KnowledgeProductViewSet, VideoViewSet, TopicViewSet)


register_snippet(ClusterContentGroup)
