"""Text in three languages for the synthetic content: words drawn from a small vocabulary with
Spanish and Chinese glosses (vocabulary.py) by a seeded random generator, so every translation
has a realistic length and the same seed gives the same text."""

import random
from datetime import date, timedelta

from .vocabulary import ADJECTIVES, JOINERS, LANGUAGES, NOUNS, SYLLABLES, VERBS


class Text(dict):
    """One text in every language: `{"en": ..., "es": ..., "zh-hans": ...}`."""

    @classmethod
    def same(cls, value):
        return cls({language: value for language in LANGUAGES})

    @classmethod
    def of_words(cls, words, sentence=False):
        text = cls()
        for index, language in enumerate(LANGUAGES):
            parts = [word if isinstance(word, str) else word[index] for word in words]
            if language == "zh-hans":
                value = "".join(parts) + ("。" if sentence else "")
            else:
                value = " ".join(parts)
                value = (value[0].upper() + value[1:] + ".") if sentence else value
            text[language] = value
        return text

    def join(self, others, separator=" "):
        return Text(
            {
                language: ("" if language == "zh-hans" else separator).join(
                    [self[language], *(other[language] for other in others)]
                )
                for language in LANGUAGES
            }
        )


class Writer:
    """Draws words from a seeded random generator."""

    def __init__(self, seed):
        self.random = random.Random(seed)

    def pick(self, items):
        return self.random.choice(items)

    def name(self):
        syllables = [self.pick(SYLLABLES) for _ in range(self.random.randint(2, 3))]
        return "".join(syllables).capitalize()

    def phrase(self, words=2):
        return Text.of_words([*(self.pick(ADJECTIVES) for _ in range(words - 1)), self.pick(NOUNS)])

    def sentence(self, subject=None):
        words = [subject or self.pick(NOUNS), self.pick(VERBS), self.pick(ADJECTIVES)]
        words += [self.pick(NOUNS), self.pick(JOINERS), self.pick(ADJECTIVES), self.pick(NOUNS)]
        for _ in range(self.random.randint(0, 6)):
            words += [self.pick(JOINERS), self.pick(NOUNS)]
        return Text.of_words(words, sentence=True)

    def sentences(self, count, subject=None):
        first, *rest = [self.sentence(subject if n == 0 else None) for n in range(count)]
        return first.join(rest)

    def paragraph(self, subject=None):
        """One `<p>` worth of text (3 to 6 sentences), without the tags."""
        return self.sentences(self.random.randint(3, 6), subject)

    def title(self, words=3):
        text = Text.of_words([self.pick(ADJECTIVES), self.pick(NOUNS), self.pick(JOINERS)])
        text = text.join([self.phrase(words - 1)])
        return Text({language: value.title() for language, value in text.items()})

    def day(self, start=date(2015, 1, 1), days=3650):
        return start + timedelta(days=self.random.randrange(days))


def rich_text(paragraphs, language):
    return "\n".join(f"<p>{paragraph[language]}</p>" for paragraph in paragraphs)


def slugify(text, number):
    return f"{'-'.join(text.lower().split())}-{number}"
