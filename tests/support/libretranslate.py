"""A LibreTranslate stand-in for tests: the two endpoints wagtail-localize's client calls.

    server = LibreTranslateStandIn(api_key="secret").start()
    requests.post(server.url + "/translate", json={"q": ["<b>Hi</b>"], "source": "en",
                  "target": "es", "format": "html", "api_key": "secret"})
    # -> {"translatedText": ["[es] <b>Hi</b>"]}; server.requests holds what it was sent

It answers like LibreTranslate (errors as {"error": ...} with 400 for a bad request or an
unsupported language, 403 for a wrong key), translates by prefixing "[<target>] " so markup
survives. It can be told to answer 500 (`fail_with`, after `fail_after` good translations),
to be down (`stop`) or to lose links (`drop_links`). Its languages are those of Argos
Translate's classic models (`zh` is Simplified Chinese); pass `CURRENT_LANGUAGES` for a
server that lists `zh-Hans`.
"""

import json
import re
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from tests.support.local_server import LocalServer

CLASSIC_LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "zh": "Chinese",
    "zt": "Chinese (traditional)",
}
CURRENT_LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "zh-Hans": "Chinese",
    "zh-Hant": "Chinese (traditional)",
}


class LibreTranslateStandIn:
    def __init__(self, *, languages=None, api_key=None):
        self.languages = dict(languages or CLASSIC_LANGUAGES)
        self.api_key = api_key  # None: the server accepts any key, or none
        self.requests = []  # (method, path, parsed body)
        self.fail_with = None  # an HTTP status to answer instead of translating
        self.fail_after = 0  # translations answered normally before failing
        self.drop_links = False  # answer like a careless engine: without the <a id=...> tags
        self.server = None

    @property
    def url(self):
        return self.server.url

    @property
    def translations(self):
        """The bodies of the /translate requests received."""
        return [body for method, path, body in self.requests if path == "/translate"]

    def start(self):
        self.server = LocalServer(self.handler_class()).start()
        return self

    def stop(self):
        """Shut down and close the port: requests now fail with a refused connection."""
        if self.server is not None:
            self.server.stop()

    # --- what the server answers ----------------------------------------------------------

    def answer(self, method, path, body):
        """(status, JSON-serialisable body) for one request."""
        answered = len(self.translations)
        self.requests.append((method, path, body))
        if (method, path) not in {("GET", "/languages"), ("POST", "/translate")}:
            return 404, {"error": "Not Found"}
        if self.fail_with is not None and answered >= self.fail_after:
            return self.fail_with, {"error": "Cannot translate text: the stand-in was told to fail"}
        if path == "/languages":
            return 200, self.language_list()
        return self.translate(body)

    def language_list(self):
        codes = list(self.languages)
        return [
            {"code": code, "name": name, "targets": [c for c in codes if c != code]}
            for code, name in self.languages.items()
        ]

    def translate(self, body):
        if body is None:
            return 400, {"error": "Invalid JSON format"}
        if self.api_key is not None and body.get("api_key") != self.api_key:
            return 403, {"error": "Invalid API key"}
        for name in ("q", "source", "target"):
            if not body.get(name):
                return 400, {"error": f"Invalid request: missing {name} parameter"}
        for name in ("source", "target"):
            if body[name] not in self.languages:
                return 400, {"error": f"{body[name]} is not supported"}
        if body.get("format", "text") not in ("text", "html"):
            return 400, {"error": f"{body['format']} format is not supported"}
        q = body["q"]
        if isinstance(q, list):
            return 200, {"translatedText": [self.translate_one(text, body["target"]) for text in q]}
        return 200, {"translatedText": self.translate_one(q, body["target"])}

    def translate_one(self, text, target):
        if self.drop_links:
            text = re.sub(r"</?a\b[^>]*>", "", text)
        return f"[{target}] {text}"

    def handler_class(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.respond(*stand_in.answer("GET", self.path.split("?")[0], None))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        body = None
                    body = body if isinstance(body, dict) else None
                else:
                    body = {key: values[-1] for key, values in parse_qs(raw).items()}
                self.respond(*stand_in.answer("POST", self.path.split("?")[0], body))

            def respond(self, status, payload):
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):
                pass

        return Handler
