"""Which machine translation service the environment chooses. Settings call this before
Django has started, so this module imports nothing (cluster/translation/machine_translation.py
holds the
clients and the pre-filling)."""

DEEPL_TRANSLATOR = "cluster.translation.machine_translation.DeepLTranslator"
LIBRETRANSLATE_TRANSLATOR = "cluster.translation.machine_translation.LibreTranslator"


def machine_translator_setting(environ):
    """The `WAGTAILLOCALIZE_MACHINE_TRANSLATOR` setting for an environment, or None.

    >>> machine_translator_setting({"LIBRETRANSLATE_URL": "http://lt:5000/"})
    {'CLASS': 'cluster.translation.machine_translation.LibreTranslator',
     'OPTIONS': {'LIBRETRANSLATE_URL': 'http://lt:5000', 'API_KEY': ''}}
    """
    deepl_key = environ.get("DEEPL_API_KEY", "").strip()
    if deepl_key:
        # Free keys (ending in ":fx") go to api-free.deepl.com by themselves; DEEPL_API_URL
        # names another address (a proxy, or a stand-in in tests).
        options = {"AUTH_KEY": deepl_key}
        if url := environ.get("DEEPL_API_URL", "").strip().rstrip("/"):
            options["API_URL"] = url
        return {"CLASS": DEEPL_TRANSLATOR, "OPTIONS": options}
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
