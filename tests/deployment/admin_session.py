"""An editor's browser session on the admin of a server under the production settings, seen
through a TLS-terminating load balancer (`X-Forwarded-Proto: https`): requests keeps the Secure
session and CSRF cookies although the test talks plain HTTP on 127.0.0.1."""

import json
from html.parser import HTMLParser

import requests

BEHIND_TLS = {"X-Forwarded-Proto": "https"}


class FormFields(HTMLParser):
    """The named inputs, selects and textareas of the form whose action contains `action`
    (the first form when None), as a {name: value} of what a browser would submit."""

    def __init__(self, action=None):
        super().__init__()
        self.action, self.fields, self.in_form, self.select, self.textarea = (
            action,
            {},
            False,
            None,
            None,
        )

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (self.action is None or self.action in (attrs.get("action") or "")):
            self.in_form = True
        elif not self.in_form:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") != "file":
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.fields[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_fields(html, action=None):
    parser = FormFields(action)
    parser.feed(html)
    return parser.fields


class AdminSession:
    def __init__(self, server_url, username, password):
        self.url = server_url
        self.http = requests.Session()
        self.http.headers.update(BEHIND_TLS | {"Origin": "https" + server_url.removeprefix("http")})
        login = self.get("/admin/login/")
        fields = form_fields(login.text) | {"username": username, "password": password}
        answer = self.send("post", "/admin/login/", data=fields)
        assert answer.status_code == 302, answer.text[:2000]

    def send(self, method, path, **arguments):
        # The cookies are Secure; the browser got them over HTTPS, from the load balancer.
        for cookie in self.http.cookies:
            cookie.secure = False
        return self.http.request(method, f"{self.url}{path}", allow_redirects=False, **arguments)

    def get(self, path):
        response = self.send("get", path)
        assert response.status_code == 200, (path, response.status_code, response.text[:2000])
        return response

    def post_form(self, path, data, files=None, action=None):
        """Fill the form at `path` as the admin shows it (a page, or a modal's JSON), change
        `data`, submit it."""
        shown = self.get(path)
        is_modal = shown.headers["Content-Type"].startswith("application/json")
        fields = form_fields(shown.json()["html"] if is_modal else shown.text, action) | data
        return self.send("post", path, data=fields, files=files)

    def page_action(self, page_id, action, **data):
        """An action of the admin's page API (`publish`, `unpublish`...), as the admin's
        scripts send it."""
        return self.send(
            "post",
            f"/admin/api/main/pages/{page_id}/action/{action}/",
            data=json.dumps(data),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": self.http.cookies["csrftoken"],
            },
        )
