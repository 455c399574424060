"""What every endpoint of the API does on top of Wagtail's (ContractMixin), and the serializer
class each request shape gets, built once per process."""

from functools import lru_cache

from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer

from django.conf import settings
from django.utils import translation

from cluster.api.field_serializers import field_serializers
from cluster.api.filters import requested_locale
from cluster.api.language_versions import TranslationIndex
from cluster.api.parameters import check_format, check_request
from cluster.compat import SerializerClassHook
from cluster.delivery.caching import ResponseCacheMixin
from cluster.languages import CONTENT_LANGUAGES


class ContractMixin(SerializerClassHook, ResponseCacheMixin):
    """What every endpoint of ours does on top of Wagtail's: check the parameters every endpoint
    knows (parameters.py: NUL bytes, `format`, `locale`, integers, search), answer every error
    with `{"message": ...}`, render rich text in the requested language (so links inside a
    Spanish page point at Spanish pages), and answer with ETag and Cache-Control from the
    response cache (see caching.py). JSON only: Wagtail adds DRF's browsable HTML renderer,
    which answers what the OpenAPI document does not describe."""

    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        check_format(request.GET, self.get_renderers())  # before DRF's content negotiation
        super().initial(request, *args, **kwargs)
        check_request(request, kwargs)  # media included

    def handle_exception(self, exc):
        """DRF's own errors (405, 406, ...) as `{"message": ...}` too, not `{"detail": ...}`;
        Wagtail already answers its 400s and 404s so."""
        response = super().handle_exception(exc)
        if isinstance(exc, APIException):
            response.data = {"message": str(exc.detail)}
        return response

    def dispatch(self, request, *args, **kwargs):
        language = request.GET.get("locale")
        if language not in CONTENT_LANGUAGES:
            language = settings.LANGUAGE_CODE  # an invalid one is refused in initial()
        with translation.override(language):
            return super().dispatch(request, *args, **kwargs)

    def find_object(self, queryset, request):
        """`find/?id=7&locale=es`: the Spanish version of item 7, whatever language 7 is in
        (Wagtail finds 7 and redirects to a detail that `?locale=es` then refuses)."""
        found = super().find_object(queryset, request)
        language = requested_locale(request)
        if found is None or language is None or not hasattr(found, "translation_key"):
            return found
        if found.locale.language_code == language:
            return found
        versions = queryset.filter(translation_key=found.translation_key)
        return versions.filter(locale__language_code=language).first()

    def find_view(self, request):
        """Wagtail's redirect, without the bare `?` it leaves when no parameter is kept."""
        response = super().find_view(request)
        response["Location"] = response["Location"].removesuffix("?")
        return response

    def get_renderer_context(self):
        """Compact JSON. Wagtail asks for an indent of 4: half of a listing's bytes are then
        spaces, and Python's json module encodes indented output in pure Python, its C encoder
        writing compact output only. `Accept: application/json; indent=4` still pretty-prints."""
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    def paginate_queryset(self, queryset):
        self._translation_batch = list(super().paginate_queryset(queryset))
        return self._translation_batch

    def translation_index(self, instance):
        """Translation facts for the items being serialised, loaded once for all of them."""
        if getattr(self, "_translation_index", None) is None:
            batch = getattr(self, "_translation_batch", None) or [instance]
            self._translation_index = TranslationIndex(batch, self.published_versions())
        return self._translation_index

    @classmethod
    def get_field_serializer_overrides(cls, model):
        """Wagtail's (from the models' `api_fields`), with our own shapes of model fields."""
        return {**super().get_field_serializer_overrides(model), **field_serializers(model)}

    @classmethod
    def serializer_class_for_shape(cls, router, model, fields_config, show_details, nested):
        """Wagtail builds a serializer class per request; the same request shape gets the same
        class, so it is built once per process (a bad `?fields=` raises and is not kept). A
        class depends on the code alone, never on content: it cannot go stale."""
        return serializer_class_for(cls, router, model, frozen(fields_config), show_details, nested)

    @classmethod
    def build_serializer_class(cls, router, model, fields_config, show_details, nested):
        # A model may keep heavy fields (a StreamField body with images and links) out of
        # listings, where they would cost queries per item; they stay in the detail view.
        extra = getattr(model, "api_detail_only_fields", [])
        if extra and not show_details:
            cls = type(
                cls.__name__, (cls,), {"detail_only_fields": [*cls.detail_only_fields, *extra]}
            )
        return cls.wagtail_serializer_class(router, model, fields_config, show_details, nested)


@lru_cache(maxsize=512)  # `?fields=` is user input: the number of shapes kept is bounded
def serializer_class_for(viewset, router, model, fields_config, show_details, nested):
    return viewset.build_serializer_class(router, model, fields_config, show_details, nested)


def frozen(fields_config):
    """Wagtail's parsed `?fields=` (lists of (name, negated, sub-fields)) as nested tuples."""
    if not fields_config:
        return ()
    return tuple(
        (name, negated, frozen(sub_fields) if sub_fields else sub_fields)
        for name, negated, sub_fields in fields_config
    )
