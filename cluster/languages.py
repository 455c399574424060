"""The content languages, declared once in settings and read from here.

`LANGUAGE_CODE` is the source language of all content; `WAGTAIL_CONTENT_LANGUAGES` lists every
content language, the source first. Adding a language is a settings change (and a locale
catalogue, and PO files for the seed).
"""

from django.conf import settings

SOURCE_LANGUAGE = settings.LANGUAGE_CODE
CONTENT_LANGUAGES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
TRANSLATION_LANGUAGES = [code for code in CONTENT_LANGUAGES if code != SOURCE_LANGUAGE]


def content_language_choices():
    """(code, name) of every content language, for a model field holding one: the codes the
    API's `locale` uses (`zh-hans`, not `zh`)."""
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)
