from .pages import CityPage, CityPageTopic, ClusterPage, OrganisationPage, OrganisationPageTopic
from .snippets import (
    KnowledgeProduct,
    KnowledgeProductTopic,
    NewsItem,
    NewsItemTopic,
    Recording,
    Video,
)
from .topics import Topic
from .webhooks import WebhookDelivery

__all__ = [
    "CityPage",
    "CityPageTopic",
    "ClusterPage",
    "KnowledgeProduct",
    "KnowledgeProductTopic",
    "NewsItem",
    "NewsItemTopic",
    "OrganisationPage",
    "OrganisationPageTopic",
    "Recording",
    "Topic",
    "Video",
    "WebhookDelivery",
]
