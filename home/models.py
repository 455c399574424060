from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from cluster.models.frontend_urls import FrontendURLMixin
from cluster.models.preview_mixins import FrontendPreviewMixin
from cluster.multilingual_search import multilingual
from cluster.sanitizer import RICH_TEXT_FEATURES, SanitizedRichTextField
from cluster.translation.page_permissions import TranslatorPagePermissionsMixin


class HomePage(FrontendURLMixin, TranslatorPagePermissionsMixin, FrontendPreviewMixin, Page):
    """The root of each language's page tree."""

    intro = SanitizedRichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The welcome text of the frontend's home page in this language."),
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cluster.ClusterPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = multilingual(Page.search_fields + [index.SearchField("intro")])
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("home page")
