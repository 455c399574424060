"""Lookups of seed objects in one language: the seed holds every page and snippet three times
(English, Chinese, Spanish), and a Chinese city keeps its English slug."""

from wagtail.models import Locale


def english(model, **lookup):
    """The English version of a seed object: `english(CityPage, slug="anyang")`,
    `english(ClusterPage)`."""
    return model.objects.get(locale__language_code="en", **lookup)


def locale(language):
    return Locale.objects.get(language_code=language)
