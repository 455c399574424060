"""The heritage glossary: an English term and the forms of it translators must use.

Kept as content (`cluster/content/glossary.yaml`, written by the content import) and editable in
the admin as a snippet. One row holds every language's approved form, so a term is reviewed as a
whole; the checks and the machine translation that use it are in
cluster/translation/glossary_checks.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

# The translation languages' approved forms, by the field that holds each.
APPROVED_FORM_FIELDS = {"zh-hans": "zh_hans", "es": "es"}


class GlossaryTerm(models.Model):
    term = models.CharField(
        _("English term"),
        max_length=120,
        unique=True,
        help_text=_(
            "As it is written in English, e.g. “World Heritage”. Found in any letter case, "
            "as a whole word, also in the plural or possessive."
        ),
    )
    zh_hans = models.CharField(
        _("approved Chinese form"),
        max_length=120,
        help_text=_("Simplified Chinese, e.g. “世界遗产”. A Chinese translation must contain it."),
    )
    es = models.CharField(
        _("approved Spanish form"),
        max_length=120,
        help_text=_(
            "E.g. “Patrimonio Mundial”. A Spanish translation must contain it (any letter case)."
        ),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Why this form, or where it comes from; shown to translators."),
    )

    panels = [FieldPanel("term"), FieldPanel("zh_hans"), FieldPanel("es"), FieldPanel("note")]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def approved_form(self, language):
        """The approved form in a translation language, or "" for a language it has none for."""
        field = APPROVED_FORM_FIELDS.get(language)
        return getattr(self, field) if field else ""
