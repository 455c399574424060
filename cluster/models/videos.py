"""Videos of the media centre: snippets like news and knowledge products
(cluster/models/snippets.py)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cluster.embeds import bilibili_player_url, youtube_player_url
from cluster.models.snippets import NewsItem, Snippet, slug_unique_per_locale
from cluster.multilingual_search import multilingual


class Video(index.Indexed, Snippet):
    """A media-centre video, on YouTube and/or BiliBili (mainland China)."""

    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("When the video was recorded or published; empty if unknown."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Plain text shown under the player.")
    )
    youtube_url = models.URLField(
        _("YouTube address"),
        blank=True,
        help_text=_("e.g. https://www.youtube.com/watch?v=…; the frontend embeds its player."),
    )
    bilibili_url = models.URLField(
        _("BiliBili address"),
        blank=True,
        help_text=_(
            "e.g. https://www.bilibili.com/video/BV…; for readers in mainland China, where "
            "YouTube cannot be watched."
        ),
    )
    related_news = models.ForeignKey(
        NewsItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="videos",
        verbose_name=_("related news item"),
        help_text=_("The event or news item the video belongs to; linked from the video."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="video")

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("date"),
        FieldPanel("description"),
        FieldPanel("youtube_url"),
        FieldPanel("bilibili_url"),
        FieldPanel("related_news"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        SynchronizedField("date"),
        TranslatableField("description"),
        SynchronizedField("youtube_url"),
        SynchronizedField("bilibili_url"),
        TranslatableField("related_news"),
    ]
    search_fields = multilingual(
        [
            index.SearchField("title", boost=3),
            index.SearchField("description"),
            index.FilterField("locale_id"),
            index.FilterField("live"),
            index.FilterField("date"),
        ]
    )

    api_fields = [
        APIField("date"),
        APIField("description"),
        APIField("youtube"),
        APIField("bilibili"),
        APIField("related_news"),
    ]
    api_select_related = ["related_news"]

    class Meta(Snippet.Meta):
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        constraints = [slug_unique_per_locale("video")]

    def clean(self):
        super().clean()
        errors = {}
        if self.youtube_url and youtube_player_url(self.youtube_url) is None:
            errors["youtube_url"] = _(
                "Enter the address of a YouTube video, e.g. https://www.youtube.com/watch?v=…"
            )
        if self.bilibili_url and bilibili_player_url(self.bilibili_url) is None:
            errors["bilibili_url"] = _(
                "Enter the address of a BiliBili video, e.g. https://www.bilibili.com/video/BV…"
            )
        if errors:
            raise ValidationError(errors)
