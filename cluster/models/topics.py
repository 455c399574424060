from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cluster.multilingual_search import multilingual


class Topic(DraftStateMixin, RevisionMixin, TranslatableMixin, index.Indexed, models.Model):
    """A label shown on news, knowledge products and member profiles, e.g. "Webinars"."""

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("The label shown on news, reports and profiles; up to 120 characters."),
    )
    slug = models.SlugField(
        _("slug"), max_length=120, help_text=_("Shared by every language version of the topic.")
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="topic")

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]
    search_fields = multilingual(
        [
            index.SearchField("name"),
            index.FilterField("locale_id"),
            index.FilterField("live"),
        ]
    )

    api_fields = [APIField("name"), APIField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_topic_slug_per_locale")
        ]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


class TopicLink(TranslatableMixin, Orderable):
    """One topic attached to a page or snippet. Translatable so that a translated page or snippet
    points at the topic of its own language (wagtail-localize translates the foreign key)."""

    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("topic"),
        help_text=_("The frontend lists this item under the topic and shows it as a label."),
    )

    panels = [FieldPanel("topic")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order"]


class TopicsMixin:
    """For models with a `topic_links` inline relation; `live_topics` is what the API shows."""

    @property
    def live_topics(self):
        return [link.topic for link in self.topic_links.all() if link.topic.live]

    @property
    def topic_slugs(self):
        return [topic.slug for topic in self.live_topics]
