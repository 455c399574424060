"""`?order=`: Wagtail's ordering, with text in the listing's language's alphabetical order where
the database knows it.

A database orders text by its collation: PostgreSQL's default (or SQLite's, code points) puts
Chinese titles in the order of their code points, which no reader expects. On PostgreSQL with
ICU (the Debian and official packages), `zh-x-icu` orders Chinese by pinyin (安阳, 北京, 丽水,
洛阳, 泉州) and `es-x-icu` Spanish as a Spanish dictionary does. `API_ORDER_COLLATIONS` maps a
content language to its collation; on SQLite it is empty and text keeps code-point order.
"""

from django.conf import settings
from django.db import connection, models
from django.db.models.functions import Collate

from wagtail.api.v2.filters import OrderingFilter

from cluster.api.filters import listing_language

TEXT_FIELDS = (models.CharField, models.TextField)


def text_field(model, name):
    try:
        return isinstance(model._meta.get_field(name), TEXT_FIELDS)
    except models.FieldDoesNotExist:
        return False


def collation_for(request):
    language = listing_language(request)
    return settings.API_ORDER_COLLATIONS.get(connection.vendor, {}).get(language)


class CollatedOrderingFilter(OrderingFilter):
    """Wagtail's `?order=` (it checks the fields), then text fields in the listing language's
    collation, if it has one."""

    def filter_queryset(self, request, queryset, view):
        ordered = super().filter_queryset(request, queryset, view)
        order = request.GET.get("order")
        collation = collation_for(request)
        if not order or order == "random" or collation is None:
            return ordered
        terms = []
        for term in order.split(","):
            name = term.lstrip("-")
            if not text_field(queryset.model, name):
                terms.append(term)
                continue
            collated = Collate(models.F(name), collation)
            terms.append(collated.desc() if term.startswith("-") else collated.asc())
        return ordered.order_by(*terms)
