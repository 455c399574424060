"""StreamField blocks. Each block's API representation is what the frontend receives: numbers as
numbers, images as renditions with URL, size and alt text."""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cluster.api.media_visibility import shown
from cluster.embeds import embed_api_representation
from cluster.facts import CURRENCY_UNITS, FACT_KEYS, UNITS, as_number, choices
from cluster.renditions import BODY_IMAGE_RENDITION, existing_renditions
from cluster.sanitizer import RICH_TEXT_FEATURES, SanitizedRichTextBlock


def image_rendition(image, filter_spec, alt=""):
    """`{"url", "width", "height", "alt"}` of one rendition, or None without an image or before
    the rendition is made (the API never makes one: see cluster/renditions.py). `alt` is the
    block's own, translated description; empty, the image's description is served."""
    rendition = existing_renditions(image, [filter_spec])[filter_spec] if image else None
    if rendition is None:
        return None
    return {
        "url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or rendition.alt,
    }


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(
        help_text=_("Shown full width, up to 1200 pixels wide; shared by every language version.")
    )
    alt = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Description (alt text)"),
        help_text=_(
            "What the image shows, for readers who cannot see it; translated with the page. "
            "Empty: the image's own description."
        ),
    )
    caption = blocks.CharBlock(
        required=False,
        label=_("Caption"),
        help_text=_("Shown under the image; translated with the page."),
    )
    credit = blocks.CharBlock(
        required=False,
        label=_("Credit"),
        help_text=_("Photographer or owner, shown after the caption, e.g. '© UNESCO'."),
    )

    class Meta:
        icon = "image"
        label = _("Image")

    def get_api_representation(self, value, context=None):
        """The image is null when it is in a collection the request may not see (see
        cluster/api/media_visibility.py); caption and credit stay. Its `alt` is the block's
        translated description, or the image's own when the block has none."""
        return {
            "image": image_rendition(
                shown(value["image"], context), BODY_IMAGE_RENDITION, value.get("alt")
            ),
            "caption": value["caption"],
            "credit": value["credit"],
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Quote"), help_text=_("The quoted words, without quotation marks.")
    )
    attribution = blocks.CharBlock(
        required=False,
        label=_("Attribution"),
        help_text=_("Who said or wrote it, e.g. 'Mayor of Luoyang, 2021'."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")


class PlayerEmbedBlock(EmbedBlock):
    """An embed (YouTube, BiliBili, ...) served with its player: `{"url", "provider", "type",
    "html", "width", "height"}` instead of the bare URL (see cluster/embeds.py)."""

    def get_api_representation(self, value, context=None):
        return embed_api_representation(value.url) if value else None


# Only the API shape differs from Wagtail's EmbedBlock: stored data and migrations stay the same.
DECONSTRUCT_ALIASES = {PlayerEmbedBlock: "wagtail.embeds.blocks.EmbedBlock"}


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        icon="title",
        label=_("Heading"),
        help_text=_("A section heading within the text; plain text, no formatting."),
    )
    paragraph = SanitizedRichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        help_text=_("Text with bold, italic, lists and links."),
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = PlayerEmbedBlock(
        icon="media",
        label=_("Embed"),
        help_text=_("The address of a YouTube or BiliBili video; the frontend shows its player."),
    )


@cache  # keys and languages are few, and the catalogues do not change while a process runs
def fact_label(key, language):
    """The label of a fact's key in `language`: a listing of 20 cities shows 100 facts, and
    translating each label again took 4% of its time."""
    with override(language):
        return str(FACT_KEYS.get(key, key))


class FactBlock(blocks.StructBlock):
    """One figure about a city: `{"key": "population", "label": "Population", "value": 5192200,
    "unit": "people", "year": 2019, "source": "...", "note": ""}`. Key, value, unit and year are
    shared by every language; source and note are translated."""

    key = blocks.ChoiceBlock(
        choices=choices(FACT_KEYS),
        label=_("Fact"),
        help_text=_("What the figure counts; the frontend shows this label in each language."),
    )
    value = blocks.DecimalBlock(
        label=_("Value"),
        help_text=_("A number without thousands separators, e.g. 5192200; a year for 'Founded'."),
    )
    unit = blocks.ChoiceBlock(
        choices=choices(UNITS),
        label=_("Unit"),
        help_text=_("A currency for GDP, 'year' for a founding date, per cent 0 to 100."),
    )
    year = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=2100,
        label=_("As of (year)"),
        help_text=_("The year the figure describes, e.g. 2019; empty if it does not change."),
    )
    source = blocks.CharBlock(
        label=_("Source"),
        help_text=_("Where the figure comes from, e.g. 'Luoyang Statistical Yearbook 2020'."),
    )
    note = blocks.CharBlock(
        required=False,
        label=_("Note"),
        help_text=_("A short qualification shown with the figure, e.g. 'urban area only'."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Fact")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["key"] == "founded" and value["unit"] != "year":
            errors["unit"] = ValidationError(_("A founding date is a year."))
        if value["key"] == "gdp" and value["unit"] not in CURRENCY_UNITS:
            errors["unit"] = ValidationError(_("GDP is given in a currency."))
        if value["unit"] == "percent" and not 0 <= value["value"] <= 100:
            errors["value"] = ValidationError(_("A percentage lies between 0 and 100."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def get_api_representation(self, value, context=None):
        return {
            "key": value["key"],
            "label": fact_label(value["key"], get_language()),
            "value": as_number(value["value"]),
            "unit": value["unit"],
            "year": value["year"],
            "source": value["source"],
            "note": value["note"],
        }


class CitedFigureBlock(blocks.StructBlock):
    """A statistic the cluster page cites: `{"value": 89, "unit": "percent", "measure": "...",
    "source": "UNESCO", "year": 2020, "period": "..."}`."""

    value = blocks.DecimalBlock(
        label=_("Value"),
        help_text=_("A number without thousands separators, e.g. 89 for 89 per cent."),
    )
    unit = blocks.ChoiceBlock(
        choices=choices(UNITS),
        label=_("Unit"),
        help_text=_("The frontend formats the value with this unit in each language."),
    )
    measure = blocks.CharBlock(
        label=_("What it measures"),
        help_text=_("Shown beside the number, e.g. 'of World Heritage sites closed to visitors'."),
    )
    source = blocks.CharBlock(
        label=_("Source"), help_text=_("Who published the figure, e.g. 'UNESCO'.")
    )
    year = blocks.IntegerBlock(
        min_value=1900,
        max_value=2100,
        label=_("Year of the source"),
        help_text=_("The year the source was published, 1900 to 2100."),
    )
    period = blocks.CharBlock(
        required=False,
        label=_("Period"),
        help_text=_("The time the figure covers, if not the year, e.g. 'March to May 2020'."),
    )
    source_url = blocks.URLBlock(
        required=False,
        label=_("Source URL"),
        help_text=_("A link to the source, starting with https://; the frontend links the source."),
    )

    class Meta:
        icon = "pick"
        label = _("Cited figure")

    def get_api_representation(self, value, context=None):
        return {
            "value": as_number(value["value"]),
            "unit": value["unit"],
            "measure": value["measure"],
            "source": value["source"],
            "year": value["year"],
            "period": value["period"],
            "source_url": value["source_url"] or None,
        }


class ThemeBlock(blocks.StructBlock):
    key = blocks.RegexBlock(
        regex=r"^[a-z0-9-]+$",
        label=_("Key"),
        help_text=_("A stable identifier for the frontend, e.g. 'creative-economy'."),
        error_messages={"invalid": _("Lowercase letters, digits and hyphens only.")},
    )
    title = blocks.CharBlock(
        label=_("Title"), help_text=_("The theme's name, shown as the card's heading.")
    )
    description = blocks.TextBlock(
        label=_("Description"), help_text=_("Plain text, one or two sentences, on the card.")
    )

    class Meta:
        icon = "tag"
        label = _("Theme")


class HeritageHighlightBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("Name"), help_text=_("The site's or tradition's name, e.g. 'Longmen Grottoes'.")
    )
    description = blocks.TextBlock(
        label=_("Description"),
        help_text=_("Plain text, a few sentences, shown under the name."),
    )

    class Meta:
        icon = "site"
        label = _("Heritage highlight")
