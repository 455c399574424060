from django import template

from cluster.translation.translator_admin import translation_editor_props_for

register = template.Library()


@register.filter
def for_user(props, user):
    return translation_editor_props_for(props, user)
