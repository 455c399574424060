"""Responses captured from the API once, replayed byte for byte by the plain Django view (d) and
the bare WSGI app (e): what serving the same bytes costs without building them.

The benchmark writes one file per endpoint into the directory named by `BENCH_RESPONSES_DIR`:
`<name>.json` holding `{"status": 200, "headers": {"Content-Type": ...}, "body_file": ...}` and
the body itself, byte for byte, in `<name>.body`.
"""

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

RESPONSES_DIR_VARIABLE = "BENCH_RESPONSES_DIR"
# Headers of the API response that describe the body; the rest (Date, Server ...) each server sets.
REPLAYED_HEADERS = ("Content-Type", "Location", "Vary", "Allow")


@dataclass(frozen=True)
class CapturedResponse:
    status: int
    headers: dict
    body: bytes


def save_response(directory, name, status, headers, body):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    kept = {key: value for key, value in headers.items() if key in REPLAYED_HEADERS}
    (directory / f"{name}.body").write_bytes(body)
    (directory / f"{name}.json").write_text(json.dumps({"status": status, "headers": kept}))


def load_responses(directory):
    """{name: CapturedResponse} for every response saved in `directory`."""
    responses = {}
    for meta_file in sorted(Path(directory).glob("*.json")):
        meta = json.loads(meta_file.read_text())
        body = meta_file.with_suffix(".body").read_bytes()
        responses[meta_file.stem] = CapturedResponse(meta["status"], meta["headers"], body)
    return responses


@functools.cache
def responses_from_environment():
    """Loaded once per process, on the first request."""
    directory = os.environ.get(RESPONSES_DIR_VARIABLE)
    return load_responses(directory) if directory else {}
