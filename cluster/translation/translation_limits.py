"""How long a translated string may be: the `max_length` of the model field it is written to.

Checked while the PO files are read (`import_translations --check`, and before anything is
written), so a translation longer than its field is reported as
`file: entry N (msgctxt 'title'): too long (300 characters, at most 255)` instead of failing
with a database error when the translated object is saved.
"""

from django.core.exceptions import FieldDoesNotExist

from wagtail_localize.strings import StringValue


def max_length_at(model, context):
    """The `max_length` of the field a string with this `msgctxt` (a wagtail-localize segment
    path) is written to, or None when it has none: `title` -> the model's own field,
    `recordings.<key>.label` -> a field of an inline child. A StreamField block's path
    (`body.<block id>`) has none: blocks are stored as JSON, and the project's text blocks set
    no length."""
    name, _, rest = context.partition(".")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.one_to_many and rest:  # an inline child: <relation>.<child key>.<field>
        return max_length_at(field.related_model, rest.partition(".")[2])
    if field.is_relation or rest:
        return None
    return field.max_length


def too_long(instance, entry):
    """The problem with a PO entry's `msgstr` for `instance`'s field, or None. The length is the
    stored text's: wagtail-localize writes a plain field's translation with its HTML entities
    (`&amp;`) decoded."""
    limit = max_length_at(type(instance), entry.msgctxt)
    if limit is None:
        return None
    length = len(StringValue(entry.msgstr).render_text())
    return f"too long ({length} characters, at most {limit})" if length > limit else None
