"""Rich text fields served sanitized, whatever the row was saved with.

Every `RichTextField` of a served model is serialised by `SanitizedRichTextFieldSerializer`
(the viewsets' serializers map the model field to it): rows saved before rich text was
sanitized on save (see cluster/sanitizer.py) are cleaned on their way out. The body blocks'
rich text is cleaned by `SanitizedRichTextBlock` itself.
"""

from wagtail.api.v2.serializers import BaseSerializer, RichTextFieldSerializer
from wagtail.fields import RichTextField

from cluster.sanitizer import sanitize_rich_text


class SanitizedRichTextFieldSerializer(RichTextFieldSerializer):
    def to_representation(self, value):
        return super().to_representation(sanitize_rich_text(value))


class SanitizedRichTextMixin:
    """For serializer classes: every `RichTextField` is served through the sanitizer."""

    serializer_field_mapping = {
        **BaseSerializer.serializer_field_mapping,
        RichTextField: SanitizedRichTextFieldSerializer,
    }
