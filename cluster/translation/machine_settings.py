"""Which machine translation service the environment chooses. Settings call this before
Django has started, so this module imports nothing (cluster/translation/machine_translation.py
holds the
clients and the pre-filling)."""

DEEPL_TRANSLATOR = "wagtail_localize.machine_translators.deepl.DeepLTranslator"
LIBRETRANSLATE_TRANSLATOR = "cluster.translation.machine_translation.LibreTranslator"


def machine_translator_setting(environ):
    """The `WAGTAILLOCALIZE_MACHINE_TRANSLATOR` setting for an environment, or None.

    >>> machine_translator_setting({"LIBRETRANSLATE_URL": "http://lt:5000/"})
    {'CLASS': 'cluster.translation.machine_translation.LibreTranslator',
     'OPTIONS': {'LIBRETRANSLATE_URL': 'http://lt:5000', 'API_KEY': ''}}
    """
    deepl_key = environ.get("DEEPL_API_KEY", "").strip()
    if deepl_key:
        # wagtail-localize sends free keys (ending in ":fx") to api-free.deepl.com by itself.
        return {"CLASS": DEEPL_TRANSLATOR, "OPTIONS": {"AUTH_KEY": deepl_key}}
    url = environ.get("LIBRETRANSLATE_URL", "").strip().rstrip("/")
    if url:
        return {
            "CLASS": LIBRETRANSLATE_TRANSLATOR,
            "OPTIONS": {
                "LIBRETRANSLATE_URL": url,
                "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", "").strip(),
            },
        }
    return None
