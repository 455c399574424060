"""The vocabulary of facts and figures: which keys a city's facts may use, in which units.

Facts are data, not sentences: a frontend formats `{"key": "population", "value": 5192200,
"unit": "people", "year": 2019}` in its own language, and the labels here are translated with
gettext for the admin and for the API's `label`.
"""

from django.utils.translation import gettext_lazy as _

FACT_KEYS = {
    "population": _("Population"),
    "area_km2": _("Area"),
    "sea_area_km2": _("Sea area"),
    "coastline_km": _("Coastline"),
    "gdp": _("Gross domestic product"),
    "gdp_growth": _("GDP growth"),
    "founded": _("Founded"),
    "history_years": _("Years of history"),
    "districts": _("Districts"),
    "counties": _("Counties"),
    "county_level_cities": _("County-level cities"),
    "heritage_sites": _("Cultural heritage sites"),
    "provincial_or_higher_heritage_sites": _(
        "Heritage protection sites at or above provincial level"
    ),
    "national_heritage_sites": _("National heritage protection sites"),
    "provincial_heritage_sites": _("Provincial heritage protection sites"),
    "world_ich_items": _("World intangible cultural heritage items"),
    "national_ich_items": _("National intangible cultural heritage items"),
    "traditional_villages": _("National traditional villages"),
    "overseas_chinese": _("Overseas Chinese"),
    "forest_coverage": _("Forest coverage"),
    "ports": _("Ports"),
    "islands": _("Islands"),
    "research_output_share": _("Share of national scientific output"),
    "neighbourhoods": _("Neighbourhoods (barrios)"),
    "villages": _("Villages (pueblos)"),
}

UNITS = {
    "people": _("people"),
    "km2": _("km²"),
    "km": _("km"),
    "CNY": _("Chinese yuan"),
    "BRL": _("Brazilian real"),
    "MXN": _("Mexican peso"),
    "USD": _("US dollar"),
    "percent": _("per cent"),
    "year": _("year"),
    "years": _("years"),
    "count": _("count"),
}

CURRENCY_UNITS = {"CNY", "BRL", "MXN", "USD"}

COUNTRIES = {
    "CN": _("China"),
    "MX": _("Mexico"),
    "BR": _("Brazil"),
}


def choices(mapping):
    return list(mapping.items())


def as_number(value):
    """A Decimal as the JSON number a frontend expects: an int when it is whole, else a float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
