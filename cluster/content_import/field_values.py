"""Comparing an object with what the content files say, and applying the difference.

The import calls `apply_values` on an object read from the database (or a new one): it sets the
fields and inline children the content gives and says whether anything changed, so an unchanged
object is skipped. Ids that translations refer to (StreamField block ids, the translation keys
of inline children) are derived from the object's slug and the item's place (`stable_id`), so
the PO files under cluster/content/locale match every database.
"""

import datetime
import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder

from wagtail.fields import StreamField

CHILD_FIELDS_IGNORED = {"id", "sort_order", "locale"}
STABLE_ID_NAMESPACE = uuid.UUID("5b0f1c1e-7a52-4c1e-9a53-6c1a57e2c0de")


def stable_id(*parts):
    return str(uuid.uuid5(STABLE_ID_NAMESPACE, ":".join(str(part) for part in parts)))


def apply_values(instance, values, relations):
    """Set field values and child relations on `instance` (unsaved); True if anything changed.

    `relations` maps a child relation name to (desired children, identity fields): an existing
    child with the same identity is kept (with its translation key, which its translations
    refer to) and updated in place."""
    owner = f"{instance._meta.label_lower}:{instance.slug}"
    before = snapshot(instance, values, relations)
    for name, value in values.items():
        if isinstance(instance._meta.get_field(name), StreamField):
            value = with_stable_block_ids(value, owner, name)
        setattr(instance, name, value)
    for name, (desired, identity) in relations.items():
        for child in desired:
            child.translation_key = stable_id(owner, name, *child_identity(child, identity))
        setattr(instance, name, merge_children(getattr(instance, name).all(), desired, identity))
    return snapshot(instance, values, relations) != before


def with_stable_block_ids(blocks, owner, field_name):
    return [
        {**block, "id": stable_id(owner, field_name, index, block["type"])}
        for index, block in enumerate(blocks)
    ]


def child_identity(child, identity):
    """The identity of an inline child, in terms that are the same in every database (a topic
    link is named by its topic's slug, not by the topic's primary key)."""
    return [child.topic.slug if f == "topic_id" else getattr(child, f) for f in identity]


def merge_children(existing, desired, identity):
    """The children as the content lists them, existing ones kept and updated, numbered in that
    order as the admin's inline panels number them (`sort_order`)."""
    by_identity = {tuple(getattr(child, f) for f in identity): child for child in existing}
    merged = []
    for child in desired:
        match = by_identity.pop(tuple(getattr(child, f) for f in identity), None)
        if match is not None:
            for name, value in child_values(child).items():
                setattr(match, name, value)
            child = match
        merged.append(child)
    for position, child in enumerate(merged):
        if hasattr(child, "sort_order_field"):
            setattr(child, child.sort_order_field, position)
    return merged


def child_values(child):
    return {
        f.attname: getattr(child, f.attname)
        for f in child._meta.concrete_fields
        if f.name not in CHILD_FIELDS_IGNORED and not f.is_relation or f.name == "topic"
    }


def snapshot(instance, values, relations):
    state = {name: field_state(instance, name) for name in values}
    for name in relations:
        state[name] = [
            {k: v for k, v in child_values(child).items() if not k.endswith("_ptr_id")}
            for child in getattr(instance, name).all()
        ]
    return json.dumps(state, cls=DjangoJSONEncoder, sort_keys=True)


def field_state(instance, name):
    model_field = instance._meta.get_field(name)
    value = getattr(instance, model_field.attname)
    if isinstance(model_field, StreamField):
        return model_field.stream_block.get_prep_value(value)
    if hasattr(value, "quantize"):  # Decimal: compare by value, not by exponent
        return str(value.normalize())
    if isinstance(value, datetime.datetime):  # the database gives UTC back
        return value.astimezone(datetime.UTC).isoformat()
    return model_field.to_python(value) if value is not None else None


def set_children_locale(instance, relations, locale):
    for name in relations:
        for child in getattr(instance, name).all():
            child.locale = locale
