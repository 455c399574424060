"""Snippets: news and knowledge products, and what every snippet has (videos are in
cluster/models/videos.py). All translatable, with drafts and revisions, so an unpublished snippet
(live=False) never reaches the API."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cluster.languages import content_language_choices
from cluster.models.frontend_urls import FrontendPageSnippetMixin
from cluster.models.preview_mixins import FrontendPreviewSnippetMixin
from cluster.models.topics import TopicLink, TopicsMixin
from cluster.multilingual_search import multilingual
from cluster.sanitizer import RICH_TEXT_FEATURES, SanitizedRichTextField

# The order of the admin's and the API's listings. A news item or report always has a date, so
# its listing needs no rule for missing ones and can follow an index that SQLite can create too.
NEWEST_FIRST = ("-date", "-id")


class Snippet(
    FrontendPreviewSnippetMixin,
    DraftStateMixin,
    RevisionMixin,
    TranslatableMixin,
    ClusterableModel,
):
    """What every published snippet has: a title, a slug shared by its translations, a date."""

    title = models.CharField(
        _("title"), max_length=255, help_text=_("The heading shown; up to 255 characters.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        help_text=_(
            "The item's address in the frontend: lowercase letters, digits and hyphens. Shared "
            "by every language version."
        ),
    )
    date = models.DateField(
        _("date"), help_text=_("Publication date; listings show the newest first.")
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = list(NEWEST_FIRST)

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions


def live_listing_index(model_name):
    """The API's listing of one language's live items, newest first: an index scan for the first
    page instead of sorting every item of the language (5,400 news items each at 100x)."""
    return models.Index(
        fields=["locale", *NEWEST_FIRST], condition=models.Q(live=True), name=f"{model_name}_live"
    )


def slug_unique_per_locale(model_name):
    return models.UniqueConstraint(
        fields=["locale", "slug"], name=f"unique_{model_name}_slug_per_locale"
    )


class NewsItem(FrontendPageSnippetMixin, TopicsMixin, index.Indexed, Snippet):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        EVENT = "event", _("Event")
        WEBINAR = "webinar", _("Webinar")

    frontend_section = "news"  # its page on the frontend: /<language>/news/<slug>/

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.NEWS,
        help_text=_("The frontend files the item under news, events or webinars."),
    )
    summary = models.TextField(
        _("summary"), help_text=_("Plain text, two or three sentences: the teaser in listings.")
    )
    body = SanitizedRichTextField(
        _("body"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The full text on the item's own page."),
    )
    event_starts_at = models.DateTimeField(
        _("event starts at"),
        null=True,
        blank=True,
        help_text=_("Events and webinars only: the date and time the event starts."),
    )
    access_info = models.TextField(
        _("how to access"), blank=True, help_text=_("Where and how to attend or watch.")
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="news_item")

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("event_starts_at"), FieldPanel("access_info")], heading=_("Event")
        ),
        InlinePanel("recordings", label=_("Recordings")),
        InlinePanel("topic_links", label=_("Topics")),
    ]
    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("date"),
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("event_starts_at"),
        TranslatableField("access_info"),
        TranslatableField("recordings"),
        TranslatableField("topic_links"),
    ]
    search_fields = multilingual(
        [
            index.SearchField("title", boost=3),
            index.SearchField("summary"),
            index.SearchField("body"),
            index.FilterField("locale_id"),
            index.FilterField("live"),
            index.FilterField("kind"),
            index.FilterField("date"),
        ]
    )

    api_fields = [
        APIField("kind"),
        APIField("date"),
        APIField("summary"),
        APIField("body"),
        APIField("event_starts_at"),
        APIField("access_info"),
        APIField("recordings"),
        APIField("topics"),
    ]
    api_prefetch_related = ["topic_links__topic", "recordings"]

    class Meta(Snippet.Meta):
        verbose_name = _("news item")
        verbose_name_plural = _("news and events")
        constraints = [slug_unique_per_locale("newsitem")]
        indexes = [live_listing_index("newsitem")]

    def clean(self):
        super().clean()
        if self.kind == self.Kind.NEWS and self.event_starts_at:
            raise ValidationError(
                {"event_starts_at": _("Only events and webinars have a start time.")}
            )


class Recording(TranslatableMixin, Orderable):
    """Where a webinar's recording can be watched. The address may be unknown yet."""

    class Platform(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        BILIBILI = "bilibili", "BiliBili"
        FENGZHIBO = "fengzhibo", "Fengzhibo"
        FENGSHOW = "fengshow", "Fengshow"
        OTHER = "other", _("Other")

    news_item = ParentalKey(NewsItem, on_delete=models.CASCADE, related_name="recordings")
    platform = models.CharField(
        _("platform"),
        max_length=20,
        choices=Platform.choices,
        help_text=_("Where the recording is published; the frontend shows its player or a link."),
    )
    language = models.CharField(
        _("language of the recording"),
        max_length=10,
        choices=content_language_choices,
        help_text=_("The language spoken in the recording, shown beside the link."),
    )
    label = models.CharField(
        _("label"),
        max_length=255,
        help_text=_("The link's text, e.g. 'Recording, part 1'; up to 255 characters."),
    )
    url = models.URLField(
        _("address"),
        blank=True,
        help_text=_("The recording's address, starting with https://; empty until it is online."),
    )

    panels = [
        FieldPanel("platform"),
        FieldPanel("language"),
        FieldPanel("label"),
        FieldPanel("url"),
    ]
    translatable_fields = [
        SynchronizedField("platform"),
        SynchronizedField("language"),
        TranslatableField("label"),
        SynchronizedField("url"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")


class NewsItemTopic(TopicLink):
    news_item = ParentalKey(NewsItem, on_delete=models.CASCADE, related_name="topic_links")


class KnowledgeProduct(TopicsMixin, index.Indexed, Snippet):
    class Kind(models.TextChoices):
        TRAINING_REPORT = "training_report", _("Training report")
        PUBLICATION = "publication", _("Publication")
        POLICY_BRIEF = "policy_brief", _("Policy brief")

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("The frontend files the product under this kind."),
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who published it, as printed on the document, e.g. 'UNOSSC'; empty when the source "
            "names none."
        ),
    )
    summary = models.TextField(
        _("summary"), help_text=_("Plain text, two or three sentences: the teaser in listings.")
    )
    body = SanitizedRichTextField(
        _("body"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The full description on the product's own page."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
        help_text=_("The file to download (PDF, Word, ...); shared by every language version."),
    )
    external_url = models.URLField(
        _("external link"),
        blank=True,
        help_text=_("Where the product is published elsewhere, starting with https://."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="knowledge_product")

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("publisher"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("document"),
        FieldPanel("external_url"),
        InlinePanel("topic_links", label=_("Topics")),
    ]
    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("date"),
        TranslatableField("publisher"),
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("document"),
        SynchronizedField("external_url"),
        TranslatableField("topic_links"),
    ]
    search_fields = multilingual(
        [
            index.SearchField("title", boost=3),
            index.SearchField("summary"),
            index.SearchField("body"),
            index.SearchField("publisher"),
            index.FilterField("locale_id"),
            index.FilterField("live"),
            index.FilterField("kind"),
            index.FilterField("date"),
        ]
    )

    api_fields = [
        APIField("kind"),
        APIField("date"),
        APIField("publisher"),
        APIField("summary"),
        APIField("body"),
        APIField("document"),
        APIField("external_url"),
        APIField("topics"),
    ]
    api_select_related = ["document"]
    api_prefetch_related = ["topic_links__topic"]

    class Meta(Snippet.Meta):
        verbose_name = _("knowledge product")
        verbose_name_plural = _("knowledge products")
        constraints = [slug_unique_per_locale("knowledgeproduct")]
        indexes = [live_listing_index("knowledgeproduct")]


class KnowledgeProductTopic(TopicLink):
    knowledge_product = ParentalKey(
        KnowledgeProduct, on_delete=models.CASCADE, related_name="topic_links"
    )
