"""Preview of drafts in the frontend, the models' side: the mixins that make Preview in the admin
open the draft in the frontend, and read a draft back from its token. The API's side, which
serves the draft to the frontend, is cluster/delivery/preview.py; its docstring tells the whole
story.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404
from django.utils.http import urlencode

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
