"""Preview of drafts in the frontend, on top of wagtail-headless-preview.

An editor presses Preview in the admin. The object, as the editor has it in the form, is stored
in wagtail-headless-preview's `PagePreview` table under a signed token, and the admin redirects
to the frontend: `FRONTEND_PREVIEW_URL?content_type=cluster.citypage&token=...`. The frontend
reads the draft from::

    GET /api/v2/preview/?content_type=cluster.citypage&token=...

which answers exactly what the published detail (`pages/<id>/`, `news/<id>/`, `knowledge/<id>/`,
`videos/<id>/`) would answer, with the draft's content, and `Cache-Control: no-store, private`.
A bad request gets a 400 and a missing draft a 404, with `{"message": ...}`.

What the library did not do, and this module adds:

- it never checks a token's age (stored previews are deleted a day or two later): here a token
  is refused after `PREVIEW_TOKEN_MAX_AGE` seconds;
- its token names only a page id (`id=5`): here it names the content type, the object and a
  random nonce, so a token reused with another `content_type` is refused and two previews
  pressed in the same second never share a token;
- `PagePreview.as_page()` rebuilds pages only, and its mixin reads a page's `content_type` field:
  snippets (news, knowledge products, videos) are stored and rebuilt here the same way;
- client URLs are per site; here they are per language (`FRONTEND_PREVIEW_URLS`).
"""

import functools

from django.apps import apps
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from cluster.models.preview_mixins import FrontendPreviewMixin, PreviewRefused


@require_GET
def preview_view(request):
    """`GET /api/v2/preview/?content_type=cluster.newsitem&token=...`: the draft, serialised as
    its published detail; `fields=` works as there. Mounted with the API router's `wrap_view`."""
    try:
        response = serve_as_published_detail(request, draft_from_request(request))
    except PreviewRefused as refusal:
        response = JsonResponse({"message": str(refusal)}, status=refusal.status)
    patch_cache_control(response, no_store=True, private=True)
    return response


def draft_from_request(request):
    label, token = request.GET.get("content_type"), request.GET.get("token")
    if not label or not token:
        raise PreviewRefused("content_type and token are required")
    return previewable_model(label, request.wagtailapi_router).from_preview_token(token)


def previewable_model(label, router):
    """The model named by `app_label.model_name`, if it has frontend previews and an endpoint.
    The name is looked up in the app registry, never in the database."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as e:
        raise PreviewRefused(f"unknown content_type: {label!r}") from e
    if not issubclass(model, FrontendPreviewMixin) or router.get_model_endpoint(model) is None:
        raise PreviewRefused(f"{label} has no preview")
    return model


def serve_as_published_detail(request, draft):
    _name, endpoint = request.wagtailapi_router.get_model_endpoint(type(draft))
    view = endpoint_serving_draft(endpoint).as_view({"get": "detail_view"}, draft=draft)
    return view(request, pk=draft.pk)


class ServesTheDraft:
    draft = None

    def get_object(self):
        return self.draft


@functools.cache
def endpoint_serving_draft(endpoint):
    """`endpoint` (e.g. PagesViewSet) with its detail view serving the draft it is given instead
    of looking the object up among the live ones: same serializer, fields and translation meta."""
    return type(f"Draft{endpoint.__name__}", (ServesTheDraft, endpoint), {})
