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

from cluster.api.fields import BlockValuesField, HeroImageField, LocationField, TopicsField
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

    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    introduction = SanitizedRichTextField(_("introduction"), features=RICH_TEXT_FEATURES)
    themes = StreamField([("theme", ThemeBlock())], verbose_name=_("themes"), blank=True)
    figures = StreamField(
        [("figure", CitedFigureBlock())], verbose_name=_("cited figures"), blank=True
    )
    body = SanitizedRichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)
    join_call = SanitizedRichTextField(_("call to join"), features=RICH_TEXT_FEATURES, blank=True)

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
        APIField("themes", serializer=BlockValuesField()),
        APIField("figures", serializer=BlockValuesField()),
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

    country = models.CharField(_("country"), max_length=2, choices=choices(COUNTRIES))
    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    website = models.URLField(_("website"), blank=True)

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

    region = models.CharField(_("region or province"), max_length=120)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    heritage_highlights = StreamField(
        [("highlight", HeritageHighlightBlock())],
        verbose_name=_("heritage highlights"),
        blank=True,
    )
    facts = StreamField([("fact", FactBlock())], verbose_name=_("facts and figures"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
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
        APIField("location", serializer=LocationField(source="*")),
        APIField("hero_image", serializer=HeroImageField()),
        APIField("heritage_highlights", serializer=BlockValuesField()),
        APIField("facts", serializer=BlockValuesField()),
        APIField("topics", serializer=TopicsField(source="live_topics")),
        APIField("website"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("city page")


class OrganisationPage(MemberPage):
    """A member that is not a city, e.g. the association of Mexican World Heritage cities."""

    acronym = models.CharField(_("acronym"), max_length=40, blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("country")]),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
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
        TranslatableField("body"),
        SynchronizedField("website"),
        TranslatableField("topic_links"),
    ]
    api_fields = [
        APIField("acronym"),
        APIField("country"),
        APIField("summary"),
        APIField("hero_image", serializer=HeroImageField()),
        APIField("topics", serializer=TopicsField(source="live_topics")),
        APIField("website"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("organisation page")


class CityPageTopic(TopicLink):
    page = ParentalKey(CityPage, on_delete=models.CASCADE, related_name="topic_links")


class OrganisationPageTopic(TopicLink):
    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="topic_links")
