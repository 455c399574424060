"""The heritage glossary applied to translations: finding its terms in English text, checking
that a translation uses the approved form, and protecting terms from a machine translator.

    glossary = Glossary.from_database()
    glossary.findings("Our World Heritage sites", "Nuestros sitios del patrimonio", "es")
    # -> [Finding(term="World Heritage", approved="Patrimonio Mundial")]
    str(finding)  # 'glossary: "World Heritage" should be "Patrimonio Mundial"'

Matching is on the text outside tags. English terms are found in any letter case, as whole
words, and also with a plural or possessive ending ("billions", "UNESCO's"). A translation
"uses" the approved form when it contains it: in any letter case and as whole words for Spanish,
as a plain substring for Chinese, which has no spaces between words.

The terms live in the database (`GlossaryTerm`, written from `cluster/content/glossary.yaml` by
the content import, editable in the admin); a `Glossary` is built per use, never kept between
calls, so an edit in the admin applies at once.
"""

import html
import re
from dataclasses import dataclass

from cluster.models import GlossaryTerm
from cluster.models.glossary import APPROVED_FORM_FIELDS

TAG = re.compile(r"<[^>]*>")
# A plural or possessive ending an English term may carry: World Heritage's, billions, cities'.
ENGLISH_ENDING = r"(?:e?s|['’]s?)?"
PLURAL_ENDING = r"(?:e?s)?"
# Languages written without spaces between words: a form is found as a substring.
UNSPACED_LANGUAGES = {"zh", "ja", "ko"}


# Fields whose text is an identifier shared by every language (a page's slug), never checked.
UNCHECKED_CONTEXTS = {"slug"}


def is_checked_context(context):
    return context not in UNCHECKED_CONTEXTS


def plain_text(text):
    """The text a reader sees: tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", text))


def word_pattern(words, ending="", word_ending=""):
    """Whole words in any letter case, any run of spaces between them: `World  heritage`.
    `ending` may follow the last word, `word_ending` any word (Spanish plurals inflect the
    first: "Clústeres de Ciudades")."""
    body = r"\s+".join(re.escape(word) + word_ending for word in words.split())
    return re.compile(rf"(?<!\w){body}{ending}(?!\w)", re.IGNORECASE)


def is_unspaced(language):
    return language.split("-")[0].lower() in UNSPACED_LANGUAGES


@dataclass(frozen=True)
class Finding:
    """A term of the English text whose approved form the translation lacks."""

    term: str
    approved: str

    def __str__(self):
        return f'glossary: "{self.term}" should be "{self.approved}"'


@dataclass(frozen=True)
class Term:
    term: str
    forms: dict  # {language: approved form}
    note: str = ""

    def pattern(self):
        return word_pattern(self.term, ENGLISH_ENDING)


def uses_form(translation_text, form, language):
    """True when the plain text of a translation contains the approved `form`."""
    if is_unspaced(language):
        return form in translation_text
    return bool(word_pattern(form, word_ending=PLURAL_ENDING).search(translation_text))


class Glossary:
    def __init__(self, terms):
        # Longer terms first, so "UNESCO World Heritage" is protected before "World Heritage".
        self.terms = sorted(terms, key=lambda term: (-len(term.term), term.term.lower()))
        self.patterns = [(term, term.pattern()) for term in self.terms]

    @classmethod
    def from_database(cls):
        return cls(
            Term(
                row.term,
                {language: row.approved_form(language) for language in APPROVED_FORM_FIELDS},
                row.note,
            )
            for row in GlossaryTerm.objects.all()
        )

    def __len__(self):
        return len(self.terms)

    def terms_in(self, english):
        """The glossary's terms that occur in an English text (markup allowed), longest first."""
        text, found = plain_text(english), []
        for term, pattern in self.patterns:
            # A longer term takes its words: "Thematic Cities Cluster" is not also checked as
            # "Cities Cluster".
            text, count = pattern.subn(lambda match: "\0" * len(match.group()), text)
            if count:
                found.append(term)
        return found

    def findings(self, english, translation, language):
        """Each term of `english` whose approved form in `language` is missing from
        `translation`; [] for an empty translation (nothing to check yet)."""
        if not translation:
            return []
        translated = plain_text(translation)
        return [
            Finding(term.term, form)
            for term in self.terms_in(english)
            if (form := term.forms.get(language)) and not uses_form(translated, form, language)
        ]

    # --- machine translation ----------------------------------------------------------------

    def protect(self, english, language):
        """(text, {placeholder: approved form}): every term of `english` outside its tags
        replaced by an empty `<x id="gN"/>` element, which a machine translator moves but does
        not translate; `restore` puts the approved forms in their place."""
        forms = {}

        def replace_in_text(text):
            for term, pattern in self.patterns:
                form = term.forms.get(language)
                if not form:
                    continue

                def placeholder(match, form=form):
                    key = f"g{len(forms)}"
                    forms[key] = form
                    return f'<x id="{key}"/>'

                text = pattern.sub(placeholder, text)
            return text

        parts = re.split(r"(<[^>]*>)", english)
        protected = "".join(
            part if TAG.fullmatch(part) else replace_in_text(part) for part in parts
        )
        return protected, forms

    @staticmethod
    def restore(translated, forms):
        """The machine's answer with each placeholder replaced by its approved form, or None
        when the machine lost or duplicated one (the answer is then not used)."""
        for key, form in forms.items():
            # Written back as `<x id="g0"/>` or, by an HTML serializer, `<x id="g0"></x>`.
            placeholder = re.compile(rf'<x\s+id="{key}"\s*/?>(?:\s*</x>)?')
            if len(placeholder.findall(translated)) != 1:
                return None
            translated = placeholder.sub(lambda _match, form=form: form, translated)
        return translated
