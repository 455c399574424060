from cluster.models.glossary import GlossaryTerm
from cluster.models.import_records import ImportRecord
from cluster.models.pages import (
    CityPage,
    CityPageTopic,
    ClusterPage,
    OrganisationPage,
    OrganisationPageTopic,
)
from cluster.models.snippets import (
    KnowledgeProduct,
    KnowledgeProductTopic,
    NewsItem,
    NewsItemTopic,
    Recording,
)
from cluster.models.topics import Topic
from cluster.models.videos import Video
from cluster.models.webhook_deliveries import WebhookDelivery

__all__ = [
    "CityPage",
    "CityPageTopic",
    "ClusterPage",
    "GlossaryTerm",
    "ImportRecord",
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
