"""wagtail-localize's translation editor in the admin's language, where its own catalogues cannot
help: two English strings reach the editor as data, not as gettext calls.

- Its heading, "<source> to <target> translation", is a template literal in its JavaScript
  bundle. `editor_headings()` gives the English heading the bundle writes and the translated one;
  `cluster/static/cluster/js/translation-editor-heading.js` puts the second in place of the first.
- A string's comment, "Translated with <tool> on <date>", is translated, but the tool's name is
  stored with the translation as it was given (the project's PO import stores "PO file",
  wagtail-localize's own upload "PO File"). `translated_tool_names()` translates the known ones
  in the editor's props; machine translators' names (DeepL, Google, LibreTranslate) are names.

The rest of wagtail-localize's interface (its templates, views and JavaScript gettext calls) is
translated by its own catalogues, completed by the project's (locale/*/django.po, djangojs.po).
"""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# The English names stored as `StringTranslation.tool_name` by PO imports.
PO_FILE_TOOL_NAMES = ("PO file", "PO File")
PO_FILE = gettext_noop("PO file")


def editor_headings(props):
    """(the heading wagtail-localize's editor writes, the same in the admin's language) for the
    editor's props (JSON): `("英语 to 简体中文 translation", "从英语翻译为简体中文")`."""
    editor = json.loads(props)
    source = editor["sourceLocale"]["displayName"]
    target = editor["locale"]["displayName"]
    english = f"{source} to {target} translation"
    return english, _("%(source)s to %(target)s translation") % {
        "source": source,
        "target": target,
    }


def translated_tool_names(props):
    """The editor's props (JSON) with the PO import's tool name translated in each string's
    comment: "由 PO file 翻译于 …" becomes "由 PO 文件 翻译于 …"."""
    editor = json.loads(props)
    translated = _(PO_FILE)
    for string in editor.get("initialStringTranslations", []):
        for name in PO_FILE_TOOL_NAMES:
            if string.get("comment"):
                string["comment"] = string["comment"].replace(name, translated)
    return json.dumps(editor)
