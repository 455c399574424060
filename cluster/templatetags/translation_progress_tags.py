from django import template

from cluster.translation.progress_admin import report_states

register = template.Library()


@register.simple_tag
def translation_report_states(translations):
    """{Translation id: state label} for Reports → Translations, read in one go."""
    return report_states(translations)


@register.filter
def state_of(labels, translation):
    return labels.get(translation.pk, "")
