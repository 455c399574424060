"""What the OpenAPI modules share: the error they raise, schema references and responses, and
the models an endpoint serves."""

from django.apps import apps

from wagtail.models import Page

OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json"
STRING = {"type": "string"}


class SchemaError(Exception):
    """Something the API serves that the document cannot describe: describe it here."""


def model_label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def filterable_fields(endpoint, model):
    """The fields `?name=value` filters on and `order=` accepts: database fields in the API."""
    return endpoint.get_available_fields(model, db_fields_only=True)


def served_models(router, endpoint_name):
    """The concrete models whose items the endpoint serves: each page type for `pages`."""
    page_type = getattr(router.endpoints[endpoint_name], "page_type", None)
    if page_type is not None:
        return [page_type]
    return [
        model
        for model in apps.get_models()
        if model is not Page and (router.get_model_endpoint(model) or (None,))[0] == endpoint_name
    ]


def json_response(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_response(description):
    return json_response({"$ref": "#/components/schemas/Error"}, description)


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}
