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
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from wagtail.models import PreviewableMixin
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview
from wagtail_headless_preview.settings import headless_preview_settings


class PreviewRefused(Exception):
    """Why a preview request gets no draft; `status` is the HTTP status of the answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class FrontendPreviewMixin(HeadlessPreviewMixin):
    """For page models: Preview opens the draft in the frontend when a preview URL is configured
    for the page's language; otherwise there is no preview (the CMS has no page templates)."""

    def frontend_preview_url(self):
        language = self.locale.language_code if self.locale_id else None
        return settings.FRONTEND_PREVIEW_URLS.get(language) or settings.FRONTEND_PREVIEW_URL

    @property
    def preview_modes(self):
        # The CMS is headless: without the frontend there are no templates to preview with. The
        # API serves a draft as its published detail, with `id` and `detail_url`: an object is
        # previewable in the frontend once it has been saved.
        if self.frontend_preview_url() is None or self.pk is None:
            return []
        return PreviewableMixin.DEFAULT_PREVIEW_MODES

    def serve_preview(self, request, mode_name):
        if self.frontend_preview_url() is None:
            raise Http404("no frontend preview is configured for this language")
        if not self.is_previewable():
            raise Http404("save the draft before previewing it in the frontend")
        return super().serve_preview(request, mode_name)

    def get_client_root_url(self, request):
        url = self.frontend_preview_url()
        if headless_preview_settings.ENFORCE_TRAILING_SLASH:
            url = url.rstrip("/") + "/"
        return url

    def get_preview_url(self, request, token):
        root = self.get_client_root_url(request)
        separator = "&" if "?" in root else "?"
        query = urlencode({"content_type": self.get_content_type_str(), "token": token})
        return f"{root}{separator}{query}"

    def create_page_preview(self):
        identifier = f"{self.get_content_type_str()}:{self.pk}:{secrets.token_urlsafe(9)}"
        return PagePreview.objects.create(
            token=self.get_preview_signer().sign(identifier),
            content_type=ContentType.objects.get_for_model(self),
            content_json=self.to_json(),
        )

    @classmethod
    def from_preview_token(cls, token):
        """The draft `token` names, as the editor had it when pressing Preview (not saved).

        Raises PreviewRefused when the token is forged or expired, names another content type,
        or its draft or object is gone.
        """
        try:
            identifier = cls.get_preview_signer().unsign(
                token, max_age=settings.PREVIEW_TOKEN_MAX_AGE
            )
        except signing.SignatureExpired as e:
            raise PreviewRefused("the preview token has expired: press Preview again") from e
        except signing.BadSignature as e:
            raise PreviewRefused("invalid preview token") from e
        content_type, pk, _nonce = (identifier.split(":") + ["", ""])[:3]
        if content_type != cls.get_content_type_str() or not pk.isdigit():
            raise PreviewRefused(f"this preview token is not for {cls.get_content_type_str()}")
        stored = PagePreview.objects.filter(
            token=token, content_type=ContentType.objects.get_for_model(cls)
        ).first()
        if stored is None or not cls.objects.filter(pk=pk).exists():
            raise PreviewRefused("this preview no longer exists: press Preview again", 404)
        return cls.from_json(stored.content_json)

    @classmethod
    def get_page_from_preview_token(cls, token):
        # The library's reader, which does not check the token's age, for anything calling it.
        try:
            return cls.from_preview_token(token)
        except PreviewRefused:
            return None


class FrontendPreviewSnippetMixin(FrontendPreviewMixin, PreviewableMixin):
    """For snippet models, which unlike pages are not previewable by themselves: Preview opens
    the draft in the frontend; without a preview URL for the snippet's language there is none."""


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
