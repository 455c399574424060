"""The API v2 endpoints the frontend reads (cms/api.py registers them). Every one serves only
live, public objects: pages (page_views.py), snippets (snippet_views.py), images and documents
(media_views.py)."""

from cluster.api.media_views import DocumentsViewSet, ImagesViewSet
from cluster.api.page_views import PagesViewSet
from cluster.api.snippet_views import KnowledgeViewSet, NewsViewSet, TopicsViewSet, VideosViewSet

__all__ = [
    "DocumentsViewSet",
    "ImagesViewSet",
    "KnowledgeViewSet",
    "NewsViewSet",
    "PagesViewSet",
    "TopicsViewSet",
    "VideosViewSet",
]
