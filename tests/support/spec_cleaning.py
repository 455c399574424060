"""Feeds a value or a small YAML document to a content spec (cluster/content_import/spec_types.py)
and returns the cleaned value with the errors it collects (shared by the spec tests)."""

from cluster.content_import.spec_types import Source, validate
from cluster.content_import.yaml_lines import load_yaml


def clean(spec, value, line=1):
    """Validate one value; returns (cleaned value, [(line, path, message), ...])."""
    source = Source("test.yaml")
    result = validate(value, spec, source, line)
    return result, [(e.line, e.path, e.message) for e in source.errors]


def clean_yaml(spec, text):
    data = load_yaml(text)
    return clean(spec, data, data.line)


def line_of(text, needle):
    """The 1-based number of the one line of `text` that contains `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]
