"""The serializer of each model field whose API shape is our own (cluster/api/fields.py).

The models list their `api_fields` by name and import no API code; every endpoint hands these
serializers to Wagtail through `get_field_serializer_overrides`, the hook Wagtail builds its
serializer classes from (endpoint_contract.py). A model inherits its bases' entries.
"""

from cluster.api.fields import (
    BlockValuesField,
    DocumentLinkField,
    HeroImageField,
    LocationField,
    OptionalURLField,
    RecordingsField,
    RelatedNewsField,
    TopicsField,
    VideoPlatformField,
)
from cluster.embeds import bilibili_player_url, youtube_player_url
from cluster.models import ClusterPage, KnowledgeProduct, NewsItem, Video
from cluster.models.pages import CityPage, OrganisationPage


def live_topics():
    return TopicsField(source="live_topics")


FIELD_SERIALIZERS = {
    ClusterPage: {"themes": BlockValuesField(), "figures": BlockValuesField()},
    CityPage: {
        "location": LocationField(source="*"),
        "hero_image": HeroImageField(alt_field="hero_image_alt"),
        "heritage_highlights": BlockValuesField(),
        "facts": BlockValuesField(),
        "topics": live_topics(),
    },
    OrganisationPage: {
        "hero_image": HeroImageField(alt_field="hero_image_alt"),
        "topics": live_topics(),
    },
    NewsItem: {"recordings": RecordingsField(), "topics": live_topics()},
    KnowledgeProduct: {
        "document": DocumentLinkField(),
        "external_url": OptionalURLField(),
        "topics": live_topics(),
    },
    Video: {
        "youtube": VideoPlatformField(youtube_player_url, source="youtube_url"),
        "bilibili": VideoPlatformField(bilibili_player_url, source="bilibili_url"),
        "related_news": RelatedNewsField(),
    },
}


def field_serializers(model):
    """{field name: serializer} for `model`, its own entries over its bases'."""
    found = {}
    for cls in reversed(model.__mro__):
        found.update(FIELD_SERIALIZERS.get(cls, {}))
    return found
