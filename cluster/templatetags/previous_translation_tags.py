from django import template
from django.utils.translation import gettext

from cluster.translation.previous_translations import previous_translations

register = template.Library()


@register.simple_tag
def previous_translations_data(translation):
    """What `cluster/js/previous-translations.js` shows beside each changed string, with its
    labels in the admin's language."""
    return {
        "labels": {
            "heading": gettext("Previous translation"),
            "of": gettext("Translated from:"),
            "use": gettext("Start from the previous translation"),
        },
        "strings": [
            {
                "source": offered.source,
                "previousSource": offered.previous_source,
                "previousTranslation": offered.previous_translation,
            }
            for offered in previous_translations(translation)
        ],
    }
