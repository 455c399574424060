"""Checks API responses against the OpenAPI document's own operation for their path and
status (shared by the tests of the document and of generated requests)."""

import re
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:cities-cluster:openapi"


def json_pointer(*parts):
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


class Contract:
    """Validates responses against the document's own operation for their path and status."""

    def __init__(self, document):
        self.document = document
        self.registry = Registry().with_resource(
            DOCUMENT_URI, DRAFT202012.create_resource(document)
        )
        self.templates = sorted(
            document["paths"], key=lambda path: path.count("{")
        )  # literal paths (`find/`) before templated ones (`{id}/`)

    def template_for(self, path):
        for template in self.templates:
            if re.fullmatch(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)), path):
                return template
        raise AssertionError(f"{path} is not in the document")

    def response_for(self, path, status):
        template = self.template_for(path)
        responses = self.document["paths"][template]["get"]["responses"]
        assert str(status) in responses, f"{template} does not document a {status} response"
        return template, responses[str(status)]

    def errors(self, data, template, status, media_type="application/json"):
        pointer = json_pointer(
            "", "paths", template, "get", "responses", str(status), "content", media_type, "schema"
        )
        validator = Draft202012Validator(
            {"$ref": f"{DOCUMENT_URI}#{pointer}"},
            registry=self.registry,
            format_checker=FormatChecker(),
        )
        return list(validator.iter_errors(data))

    def assert_conforms(self, response):
        path = response.request["PATH_INFO"]
        template, documented = self.response_for(path, response.status_code)
        if response.status_code == 302:
            location = urlsplit(response["Location"]).path
            assert self.template_for(location) == template.replace("find/", "{id}/")
            return None
        if "content" not in documented:
            assert not response.content
            return None
        [media_type] = documented["content"]
        assert response["Content-Type"].split(";")[0] in {media_type, "application/json"}
        data = response.json()
        errors = self.errors(data, template, response.status_code, media_type)
        if errors:
            error = best_match(errors)
            where = "/".join(str(part) for part in error.absolute_path)
            raise AssertionError(f"{path} {response.status_code}: at {where!r}: {error.message}")
        return data
