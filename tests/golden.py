"""Golden-file comparison for API contract tests. Ids, timestamps and generated ids are
normalised so that a golden file changes only when what the frontend sees changes.
Run with UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff."""

import json
import os
import re
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ID_IN_URL = re.compile(r"/(pages|images|documents|news|knowledge|videos|topics)/\d+/")


def normalise(value, key=None):
    if isinstance(value, dict):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if key in {"id", "parent_id"} and isinstance(value, int):
        return "<id>"
    if isinstance(value, str):
        if key in {"first_published_at", "last_published_at"} and TIMESTAMP.match(value):
            return "<timestamp>"
        if UUID.match(value):
            return "<uuid>"
        return ID_IN_URL.sub(r"/\1/<id>/", value)
    return value


def assert_matches_golden(name, data):
    path = GOLDEN_DIR / f"{name}.json"
    actual = normalise(data)
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        if not os.environ.get("UPDATE_GOLDEN") and os.environ.get("CI"):
            raise AssertionError(f"golden file {path.name} is missing")
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    expected = json.loads(path.read_text())
    assert actual == expected, f"API output differs from {path.name} (UPDATE_GOLDEN=1 to accept)"
