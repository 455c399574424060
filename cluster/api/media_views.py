"""The `images/` and `documents/` endpoints."""

from django.conf import settings

from wagtail.api.v2.filters import OrderingFilter, SearchFilter
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageDownloadUrlField, ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cluster.api.endpoint_contract import ContractMixin
from cluster.api.field_filters import SafeFieldsFilter
from cluster.api.listing_fields import EveryListingField
from cluster.api.media_visibility import hidden_collection_ids
from cluster.api.serializers import TopLevelType


class MediaViewSetMixin(EveryListingField):
    """`images/` and `documents/`: Wagtail's endpoints, which leave out the media in collections
    whose view restriction the request does not pass, with the anonymous request's hidden
    collections from the `api` cache rather than read on every request (media_visibility.py)."""

    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    filter_backends = [SafeFieldsFilter, OrderingFilter, SearchFilter]  # Wagtail's, field-safe

    def get_queryset(self):
        hidden = hidden_collection_ids(self.request)
        return self.model.objects.exclude(collection__in=hidden).order_by("id")


class AbsoluteImageDownloadUrlField(ImageDownloadUrlField):
    """The original's URL, absolute as a rendition's is (`Rendition.full_url`): a storage on
    the local disk gives a path, which Wagtail's field hands out as it is."""

    def to_representation(self, image):
        url = super().to_representation(image)
        if url.startswith("/"):
            url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
        return url


class TypedImageSerializer(TopLevelType, ImageSerializer):
    download_url = AbsoluteImageDownloadUrlField(read_only=True)


class TypedDocumentSerializer(TopLevelType, DocumentSerializer):
    pass


class ImagesViewSet(ContractMixin, MediaViewSetMixin, ImagesAPIViewSet):
    base_serializer_class = TypedImageSerializer


class DocumentsViewSet(ContractMixin, MediaViewSetMixin, DocumentsAPIViewSet):
    base_serializer_class = TypedDocumentSerializer
