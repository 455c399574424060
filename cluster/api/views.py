"""The API v2 endpoints the frontend reads (cms/api.py registers them). Every one serves only
live, public objects: pages (page_views.py), snippets (snippet_views.py), images and documents
(media_views.py)."""

from .media_views import DocumentsViewSet, ImagesViewSet
from .page_views import PagesViewSet
from .snippet_views import KnowledgeViewSet, NewsViewSet, TopicsViewSet, VideosViewSet

__all__ = [
    "DocumentsViewSet",
    "ImagesViewSet",
    "KnowledgeViewSet",
    "NewsViewSet",
    "PagesViewSet",
    "TopicsViewSet",
    "VideosViewSet",
]
