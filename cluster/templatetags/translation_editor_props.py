from django import template

from cluster.translation.editor_language import editor_headings, translated_tool_names
from cluster.translation.translator_admin import translation_editor_props_for

register = template.Library()


@register.filter
def for_user(props, user):
    return translated_tool_names(translation_editor_props_for(props, user))


@register.simple_tag
def translation_editor_headings(props):
    """`{% translation_editor_headings props as headings %}`: (English, translated)."""
    return editor_headings(props)
