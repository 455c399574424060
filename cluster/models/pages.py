"""Page types: the cluster landing page and its members (cities and organisations)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cluster.blocks import (
    BodyBlock,
    CitedFigureBlock,
    FactBlock,
    HeritageHighlightBlock,
    ThemeBlock,
)
from cluster.facts import COUNTRIES, choices
from cluster.models.frontend_urls import FrontendURLMixin
from cluster.models.preview_mixins import FrontendPreviewMixin
from cluster.models.topics import TopicLink, TopicsMixin
from cluster.multilingual_search import multilingual
from cluster.sanitizer import RICH_TEXT_FEATURES, SanitizedRichTextField
from cluster.translation.page_permissions import TranslatorPagePermissionsMixin


class ClusterPage(FrontendURLMixin, TranslatorPagePermissionsMixin, FrontendPreviewMixin, Page):
    """The cluster's landing page; its children are the member profiles."""

    subtitle = models.CharField(
        _("subtitle"),
        max_length=255,
        blank=True,
        help_text=_("One line under the title on the landing page; up to 255 characters."),
    )
    introduction = SanitizedRichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        help_text=_("The opening paragraphs of the landing page, above the themes."),
    )
    themes = StreamField(
        [("theme", ThemeBlock())],
        verbose_name=_("themes"),
        blank=True,
        help_text=_("The cluster's areas of work, shown as cards in this order."),
    )
    figures = StreamField(
        [("figure", CitedFigureBlock())],
        verbose_name=_("cited figures"),
        blank=True,
        help_text=_("Statistics the landing page quotes, each with its source and year."),
    )
    body = SanitizedRichTextField(
        _("body"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The rest of the landing page's text, below the cited figures."),
    )
    join_call = SanitizedRichTextField(
        _("call to join"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("How a city or organisation becomes a member; shown at the end of the page."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["cluster.CityPage", "cluster.OrganisationPage"]

    content_panels = Page.content_panels + [
        FieldPanel("subtitle"),
        FieldPanel("introduction"),
        FieldPanel("themes"),
        FieldPanel("figures"),
        FieldPanel("body"),
        FieldPanel("join_call"),
    ]
    search_fields = multilingual(
        Page.search_fields
        + [
            index.SearchField("subtitle"),
            index.SearchField("introduction"),
            index.SearchField("themes"),
            index.SearchField("body"),
        ]
    )
    api_fields = [
        APIField("subtitle"),
        APIField("introduction"),
        APIField("themes"),
        APIField("figures"),
        APIField("body"),
        APIField("join_call"),
    ]
    api_detail_only_fields = ["body"]

    class Meta:
        verbose_name = _("cluster page")


class MemberPage(
    FrontendURLMixin, TranslatorPagePermissionsMixin, FrontendPreviewMixin, TopicsMixin, Page
):
    """What cities and organisations have in common."""

    country = models.CharField(
        _("country"),
        max_length=2,
        choices=choices(COUNTRIES),
        help_text=_("Shared by every language version; the API serves its code (CN, MX, BR)."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_(
            "Plain text, up to 400 characters: the teaser on the members' list and the first "
            "paragraph of the profile."
        ),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("The profile's text: headings, paragraphs, images, quotes and videos."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
        help_text=_(
            "The large picture at the top of the profile, cropped to 16:9 (1600×900 pixels at "
            "most; upload at least that size). Shared by every language version."
        ),
    )
    hero_image_alt = models.CharField(
        _("hero image description (alt text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the hero image shows, for readers who cannot see it; up to 255 characters. "
            "Translated with the page; empty: the image's own description."
        ),
    )
    website = models.URLField(
        _("website"),
        blank=True,
        help_text=_("The member's official website, starting with https://."),
    )

    parent_page_types = ["cluster.ClusterPage"]
    subpage_types = []

    search_fields = multilingual(
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("body"),
            index.FilterField("country"),
        ]
    )
    api_select_related = ["hero_image"]
    api_prefetch_related = ["hero_image__renditions", "topic_links__topic"]
    api_detail_only_fields = ["body"]

    class Meta:
        abstract = True


class CityPage(MemberPage):
    """A member city's profile, with its facts and figures as data."""

    region = models.CharField(
        _("region or province"),
        max_length=120,
        help_text=_("The state or province, e.g. 'Henan Province'; up to 120 characters."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Decimal degrees, -90 to 90, north positive (e.g. 36.0976): places the city on the "
            "frontend's map. Leave both empty if unknown."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, -180 to 180, east positive (e.g. 114.3924)."),
    )
    heritage_highlights = StreamField(
        [("highlight", HeritageHighlightBlock())],
        verbose_name=_("heritage highlights"),
        blank=True,
        help_text=_("Sites and traditions the profile features, each with a short description."),
    )
    facts = StreamField(
        [("fact", FactBlock())],
        verbose_name=_("facts and figures"),
        blank=True,
        help_text=_(
            "Figures served as numbers (the frontend formats them in each language); "
            "each needs a source."
        ),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("body"),
        FieldPanel("heritage_highlights"),
        FieldPanel("facts"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Location"),
        ),
        FieldPanel("website"),
        InlinePanel("topic_links", label=_("Topics")),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        SynchronizedField("country"),
        TranslatableField("region"),
        TranslatableField("summary"),
        SynchronizedField("hero_image"),
        TranslatableField("hero_image_alt"),
        TranslatableField("body"),
        TranslatableField("heritage_highlights"),
        TranslatableField("facts"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("website"),
        TranslatableField("topic_links"),
    ]
    search_fields = MemberPage.search_fields + multilingual(
        [index.SearchField("region"), index.SearchField("heritage_highlights")]
    )
    api_fields = [
        APIField("country"),
        APIField("region"),
        APIField("summary"),
        APIField("location"),
        APIField("hero_image"),
        APIField("heritage_highlights"),
        APIField("facts"),
        APIField("topics"),
        APIField("website"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("city page")


class OrganisationPage(MemberPage):
    """A member that is not a city, e.g. the association of Mexican World Heritage cities."""

    acronym = models.CharField(
        _("acronym"),
        max_length=40,
        blank=True,
        help_text=_("The short name shown beside the full name, e.g. 'ANCMPM'."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("country")]),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("body"),
        FieldPanel("website"),
        InlinePanel("topic_links", label=_("Topics")),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("acronym"),
        SynchronizedField("country"),
        TranslatableField("summary"),
        SynchronizedField("hero_image"),
        TranslatableField("hero_image_alt"),
        TranslatableField("body"),
        SynchronizedField("website"),
        TranslatableField("topic_links"),
    ]
    api_fields = [
        APIField("acronym"),
        APIField("country"),
        APIField("summary"),
        APIField("hero_image"),
        APIField("topics"),
        APIField("website"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("organisation page")


class CityPageTopic(TopicLink):
    page = ParentalKey(CityPage, on_delete=models.CASCADE, related_name="topic_links")


class OrganisationPageTopic(TopicLink):
    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="topic_links")
