"""A DeepL API stand-in for tests: /v2/translate and the /v2/glossaries endpoints.

    server = DeepLStandIn(auth_key="secret:fx").start()
    # POST /v2/glossaries (form: name, source_lang, target_lang, entries, entries_format=tsv)
    #   -> 201 {"glossary_id": "g1", "name": ..., "ready": true, "entry_count": 2, ...}
    # POST /v2/translate (form: text (repeated), source_lang, target_lang, glossary_id?)
    #   -> {"translations": [{"detected_source_language": "EN", "text": "[ES] ..."}]}

It checks the `Authorization: DeepL-Auth-Key <key>` header (403 otherwise), translates by
prefixing "[<TARGET>] " and, like DeepL, applies a glossary given as `glossary_id`: each source
entry of it found in the text becomes its target entry. It refuses (400) a glossary whose
language pair is not the request's, as DeepL does. `requests` holds (method, path, body).
"""

import itertools
import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from tests.support.local_server import LocalServer


class DeepLStandIn:
    def __init__(self, *, auth_key):
        self.auth_key = auth_key
        self.glossaries = {}  # id -> {"name", "source_lang", "target_lang", "entries": {src: tgt}}
        self.requests = []
        self.ids = (f"g{number}" for number in itertools.count(1))
        self.server = None

    @property
    def url(self):
        return self.server.url

    def start(self):
        self.server = LocalServer(self.handler_class()).start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.stop()

    @property
    def translations(self):
        return [body for method, path, body in self.requests if path == "/v2/translate"]

    def answer(self, method, path, headers, body):
        self.requests.append((method, path, body))
        if headers.get("Authorization") != f"DeepL-Auth-Key {self.auth_key}":
            return 403, {"message": "Wrong endpoint or invalid auth key"}
        if (method, path) == ("POST", "/v2/translate"):
            return self.translate(body)
        if (method, path) == ("GET", "/v2/glossaries"):
            return 200, {"glossaries": [self.described(i) for i in self.glossaries]}
        if (method, path) == ("POST", "/v2/glossaries"):
            return self.create_glossary(body)
        if method == "DELETE" and path.startswith("/v2/glossaries/"):
            if self.glossaries.pop(path.rsplit("/", 1)[1], None) is None:
                return 404, {"message": "Glossary not found"}
            return 204, None
        return 404, {"message": "Not found"}

    def described(self, glossary_id):
        glossary = self.glossaries[glossary_id]
        return {
            "glossary_id": glossary_id,
            "name": glossary["name"],
            "ready": True,
            "source_lang": glossary["source_lang"],
            "target_lang": glossary["target_lang"],
            "entry_count": len(glossary["entries"]),
        }

    def create_glossary(self, body):
        if body.get("entries_format") != "tsv":
            return 400, {"message": "Unsupported entries format"}
        entries = dict(line.split("\t") for line in body["entries"].splitlines())
        glossary_id = next(self.ids)
        self.glossaries[glossary_id] = {
            "name": body["name"],
            "source_lang": body["source_lang"],
            "target_lang": body["target_lang"],
            "entries": entries,
        }
        return 201, self.described(glossary_id)

    def translate(self, body):
        target = body["target_lang"][-1]
        glossary_id = body.get("glossary_id", [None])[-1]
        entries = {}
        if glossary_id:
            glossary = self.glossaries.get(glossary_id)
            if glossary is None:
                return 400, {"message": "Glossary not found"}
            pair = (body["source_lang"][-1].lower(), target.lower())
            if (glossary["source_lang"], glossary["target_lang"]) != pair:
                return 400, {"message": "Glossary language pair does not match"}
            entries = glossary["entries"]
        texts = []
        for text in body["text"]:
            for source, translated in sorted(entries.items(), key=lambda e: -len(e[0])):
                text = text.replace(source, translated)
            texts.append(f"[{target}] {text}")
        return 200, {"translations": [{"detected_source_language": "EN", "text": t} for t in texts]}

    def handler_class(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.handle_request("GET")

            def do_POST(self):
                self.handle_request("POST")

            def do_DELETE(self):
                self.handle_request("DELETE")

            def handle_request(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                body = parse_qs(raw, keep_blank_values=True)
                if method == "POST" and self.path.startswith("/v2/glossaries"):
                    body = {key: values[-1] for key, values in body.items()}
                path = self.path.split("?")[0]
                self.respond(*stand_in.answer(method, path, self.headers, body))

            def respond(self, status, payload):
                data = b"" if payload is None else json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):
                pass

        return Handler
