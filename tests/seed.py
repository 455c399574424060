"""Lookups of seed objects in one language: the seed holds every page and snippet three times
(English, Chinese, Spanish), and a Chinese city keeps its English slug."""

import datetime

from wagtail.models import Locale


def english(model, **lookup):
    """The English version of a seed object: `english(CityPage, slug="anyang")`,
    `english(ClusterPage)`."""
    return model.objects.get(locale__language_code="en", **lookup)


def locale(language):
    return Locale.objects.get(language_code=language)


def new_webinar(**fields):
    """An English news item that is not in the seed, unsaved: `new_webinar(slug="a-webinar")`."""
    from cluster.models import NewsItem

    return NewsItem(
        **{
            "locale": locale("en"),
            "slug": "a-test-webinar",
            "title": "A test webinar",
            "kind": NewsItem.Kind.WEBINAR,
            "date": datetime.date(2026, 11, 28),
            "summary": "Only in the tests.",
            **fields,
        }
    )
