"""Values as the import's error messages show them: cut, so that a 1 MB string in a file makes
one short line of the error report, not a megabyte per mistake."""

SHOWN_LENGTH = 80


def cut(text, length=SHOWN_LENGTH):
    """`text` itself, or its first `length - 1` characters and "…"."""
    return text if len(text) <= length else text[: length - 1] + "…"


def shown(value):
    """A value's `repr`, cut: `'https://example.org/a-very-long-addr…'`."""
    return cut(repr(value))
