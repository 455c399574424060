"""The API's serializer classes: Wagtail's, with each item serialised in its own language, its
fields built once per class, rich text sanitised, and the translation facts every item carries."""

import copy
from weakref import WeakKeyDictionary

from django.utils import translation

from wagtail.api import APIField
from wagtail.api.v2.serializers import BaseSerializer, PageSerializer

from cluster.api.fields import (
    IsFallbackField,
    ServedLocaleField,
    TranslationsField,
    TranslationStatusField,
)
from cluster.api.page_url_fields import FrontendAliasOfField, FrontendParentField, HtmlUrlField
from cluster.api.rich_text import SanitizedRichTextMixin

TRANSLATION_META_FIELDS = [
    APIField("translations", serializer=TranslationsField()),
    APIField("translation_status", serializer=TranslationStatusField()),
    APIField("served_locale", serializer=ServedLocaleField()),
    APIField("is_fallback", serializer=IsFallbackField()),
]
TRANSLATION_META_NAMES = [field.name for field in TRANSLATION_META_FIELDS]


class FieldsBuiltOnce:
    """DRF builds a model serializer's fields anew for every request, translating each model
    field's verbose name to decide whether the field needs a label: a fifth of a listing's
    serialisation. They depend on the serializer class alone, so they are built once per class
    and copied (as DRF copies the declared ones)."""

    _built_fields = WeakKeyDictionary()  # a class dropped from serializer_class_for goes too

    def get_fields(self):
        cls = type(self)
        if cls not in self._built_fields:
            self._built_fields[cls] = super().get_fields()
        return copy.deepcopy(self._built_fields[cls])


class InItsOwnLanguage:
    """Serialise each item with its own language active, so that rich-text links inside a
    Spanish page point at Spanish pages even in a listing that mixes languages."""

    def to_representation(self, instance):
        locale = getattr(instance, "locale", None)
        if locale is None or locale.language_code == translation.get_language():
            return super().to_representation(instance)
        with translation.override(locale.language_code):
            return super().to_representation(instance)


def type_label(model):
    """`app_label.ModelName`, as Wagtail writes `meta.type`."""
    return f"{model._meta.app_label}.{model.__name__}"


class TopLevelType:
    """Every item says its type at the top level, beside `id`: `item.type` is the discriminator
    the OpenAPI document declares, so generated types narrow on it (`meta.type` stays, as
    Wagtail writes it)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        model = getattr(instance, "specific_class", None) or type(instance)
        item = {"id": data.pop("id")} if "id" in data else {}
        item["type"] = type_label(model)
        item.update(data)
        return item


class PublicParentField(FrontendParentField):
    """`meta.parent` when the parent is served to this request, in one query: Wagtail's field
    reads the parent and then asks again whether it is in the public queryset."""

    def get_attribute(self, instance):
        if instance.depth <= 1:
            return None
        parent_path = instance.path[: -instance.steplen]
        return self.context["base_queryset"].filter(path=parent_path).first()


class LocalisedPageSerializer(
    TopLevelType, SanitizedRichTextMixin, FieldsBuiltOnce, InItsOwnLanguage, PageSerializer
):
    parent = PublicParentField(read_only=True)
    alias_of = FrontendAliasOfField(read_only=True)
    html_url = HtmlUrlField(read_only=True)


class LocalisedSerializer(
    TopLevelType, SanitizedRichTextMixin, FieldsBuiltOnce, InItsOwnLanguage, BaseSerializer
):
    pass
