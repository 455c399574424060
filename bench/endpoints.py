"""What the benchmark measures: the variants (each a server under gunicorn, and the same
configuration in one process) and the main endpoints of the API, each as the request every
variant answers."""

from dataclasses import dataclass

from cluster.models import CityPage, ClusterPage

from .stock_api import PREFIX as STOCK

VARIANTS = {
    "a": "this project, uncached",
    "b": "this project, cached in Redis",
    "l": "this project, cached in local memory",
    "c": "Wagtail stock v2",
    "d": "plain Django view, same bytes as (a)",
    "e": "bare WSGI app, same bytes as (a)",
}
CACHED = ("b", "l")
OURS = "/api/v2/"
SEARCH_WORD = "heritage"


@dataclass(frozen=True)
class Endpoint:
    name: str
    ours: str  # path and query of (a), (b) and (l)
    stock: str  # the same request to Wagtail's stock API (c)

    def path(self, variant):
        if variant in ("a", *CACHED):
            return self.ours
        if variant == "c":
            return self.stock
        return f"/bench/plain/{self.name}/"


def endpoints():
    """The main endpoints, on a city from the middle of the tree."""
    cities = CityPage.objects.filter(locale__language_code="en", live=True).order_by("path")
    city = cities[cities.count() // 2]
    cluster = ClusterPage.objects.get(locale__language_code="en")
    listing = "pages/?type=cluster.CityPage&fields=*&limit=20&locale=en"
    news = "news/?fields=*&limit=20&locale=en"
    city_path = f"{cluster.slug}/{city.slug}/"
    search = f"pages/?search={SEARCH_WORD}&locale=en"
    return [
        Endpoint("city_listing", OURS + listing, STOCK + listing),
        Endpoint("city_detail", f"{OURS}pages/{city.pk}/", f"{STOCK}pages/{city.pk}/"),
        Endpoint("news_listing", OURS + news, STOCK + news),
        Endpoint(
            "find_by_path",
            f"{OURS}pages/find/?html_path=/en/{city_path}",
            f"{STOCK}pages/find/?html_path=/{city_path}",  # stock: the default language's tree
        ),
        Endpoint("search", OURS + search, STOCK + search),
    ]
