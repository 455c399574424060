"""Publish notifications: when a page or a snippet is published, unpublished, deleted or moved,
in any language, every URL in WEBHOOK_URLS receives a signed JSON event telling a frontend which
of its cached API responses and pages to revalidate.

The event (the contract; every list is in a stable order, without duplicates)::

    {
      "id": "4be0643f-1d98-4ea2-9b29-5c4e8f1d2a77",
      "type": "page.published",
      "timestamp": "2026-11-28T11:17:03.512Z",
      "object": {
        "type": "cluster.CityPage", "id": 12, "locale": "es", "slug": "puebla",
        "title": "Puebla", "translation": true, "source_locale": "en",
        "translation_key": "0d5b3b7c-...",
        "html_path": "/es/turismo-patrimonio-economia-creativa/puebla/"
      },
      "api_paths": [
        "/api/v2/pages/12/",
        "/api/v2/pages/?type=cluster.CityPage",
        "/api/v2/pages/?child_of=5",
        "/api/v2/pages/find/?html_path=/es/turismo-patrimonio-economia-creativa/puebla/",
        "/api/v2/pages/7/", ...
      ],
      "url_paths": [
        "/es/turismo-patrimonio-economia-creativa/puebla/",
        "/es/turismo-patrimonio-economia-creativa/", ...
      ]
    }

- `id` is one per change, the same for every receiver and every retry: receivers use it to
  ignore a repeated delivery.
- `type` is `page.` or `snippet.` followed by `published`, `unpublished`, `deleted` or `moved`
  (pages only; a slug change moves a page too). A translation being published is a
  `page.published` or `snippet.published` whose `object.translation` is true.
- `object` is the object in the state the change left it in (before the deletion for
  `deleted`); `html_path` is for pages only. `page.moved` adds
  `"moved_from": {"parent_id": 4, "html_path": "/en/old-parent/puebla/"}` and `"moved_paths":
  [{"old_path": "/en/old-parent/puebla/", "new_path": "/en/new-parent/puebla/"}, ...]`, the
  page's and then each page's below it in tree order: Wagtail records a redirect for each
  (`GET /api/v2/redirects/`, and `pages/find/?html_path=<old path>` answers a 301).
- `api_paths` and `url_paths` cover what the change makes stale: the object; its other live
  language versions (each version's `meta.translations` lists the others); the live pages and
  snippets that show or link to it, as Wagtail's reference index knows them (the member pages
  and news listing a topic, the videos naming a news item, rich text linking to a page); for a
  move, the old location and the pages below it. For each page: its detail, the listing of its
  type, its parent's `child_of` listing, its `find` path, its URL path and its parent's. For each
  snippet: its detail and its endpoint's listing (`/api/v2/news/`). `/api/v2/sitemap/` for every
  page and news item, and `/api/v2/redirects/` for a move. A listing path names the
  filter that selects the object: a cached listing with that filter and other parameters
  (`locale`, `fields`, `order`, `limit`...) is stale as well.

Each receiver gets a POST with `Content-Type: application/json`, `X-Event-Id`, `X-Event-Type`,
`X-Webhook-Attempt` and `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with
WEBHOOK_SECRET>`. The event is built when the change happens, and sent by a background task
(cluster/delivery/webhook_tasks.py) once the transaction commits: a rolled-back change sends
nothing, and neither
building nor sending an event can make publishing fail.
"""

import hashlib
import hmac
import json
import logging
import uuid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import signals
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from cluster.api.language_versions import html_path
from cluster.delivery.affected import (
    is_notified_snippet,
    page_change_paths,
    snippet_change_paths,
    type_label,
)
from cluster.delivery.webhook_tasks import deliver_webhook
from cluster.models import WebhookDelivery

logger = logging.getLogger(__name__)

# --- sending ---------------------------------------------------------------------------------


def notify(build_event, *args):
    """Build an event now, while the change is visible, and queue one delivery per receiver when
    the transaction commits. Does nothing without WEBHOOK_URLS, or when `build_event` returns
    None."""
    urls = list(settings.WEBHOOK_URLS)
    if not urls:
        return
    try:
        event = build_event(*args)
    except Exception:
        logger.exception("No webhook sent: the event for %r could not be built", args)
        return
    if event is None:
        return
    body = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    transaction.on_commit(partial(enqueue_deliveries, urls, body, signature(body)), robust=True)


def enqueue_deliveries(urls, body, signature):
    for url in urls:
        try:
            deliver_webhook.enqueue(url, body, signature)
        except Exception:
            logger.exception("Webhook delivery to a receiver could not be queued")


def signature(body):
    """`sha256=<hex HMAC-SHA256 of the UTF-8 body with WEBHOOK_SECRET>`."""
    key = settings.WEBHOOK_SECRET.encode()
    return "sha256=" + hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


# --- events ----------------------------------------------------------------------------------


def page_event(action, page, moved_from=None):
    page = page.specific_deferred
    paths = page_change_paths(page, moved_from)
    description = describe(page)
    extra = {}
    if moved_from is not None:
        parent_before, url_path_before = moved_from
        language = description["locale"]
        extra["moved_from"] = {
            "parent_id": parent_before.pk,
            "html_path": html_path(url_path_before, language),
        }
        extra["moved_paths"] = paths.moves
    return new_event(f"page.{action}", description, paths, extra)


def unpublished_page_event(page):
    # Wagtail unpublishes a live page, without saving it, just before deleting it: the deletion
    # has its own event. Any other unpublishing has saved the page by now.
    if Page.objects.filter(pk=page.pk, live=True).exists():
        return None
    return page_event("unpublished", page)


def slug_change_event(page, url_path_before):
    """A new slug moves a page (and the pages below it) to new URLs; a draft's slug is not
    served."""
    if not page.live or page.url_path == url_path_before:
        return None
    return page_event("moved", page, (page.get_parent(), url_path_before))


def snippet_event(action, snippet):
    if not is_notified_snippet(type(snippet)):
        return None
    return new_event(f"snippet.{action}", describe(snippet), snippet_change_paths(snippet))


def new_event(event_type, description, paths, extra=None):
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "timestamp": timezone.now().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "object": description,
        **(extra or {}),
        "api_paths": paths.api_paths,
        "url_paths": paths.url_paths,
    }


def describe(obj):
    language = obj.locale.language_code
    source_language = source_language_of(obj, language)
    description = {
        "type": type_label(obj.specific_class if isinstance(obj, Page) else type(obj)),
        "id": obj.pk,
        "locale": language,
        "slug": obj.slug,
        "title": str(obj),
        "translation": source_language != language,
        "source_locale": source_language,
        "translation_key": str(obj.translation_key),
    }
    if isinstance(obj, Page):
        description["html_path"] = html_path(obj.url_path, language)
    return description


def source_language_of(obj, language):
    """The language the object was translated from (wagtail-localize's TranslationSource), or
    its own language when it is original content."""
    sources = list(
        TranslationSource.objects.filter(object_id=obj.translation_key)
        .order_by("created_at")
        .values_list("locale__language_code", flat=True)
    )
    if not sources or language in sources:
        return language
    return sources[0]


# --- signal receivers: each builds an event and returns ----------------------------------------


def page_published(sender, instance, **kwargs):
    notify(page_event, "published", instance)


def page_unpublished(sender, instance, **kwargs):
    notify(unpublished_page_event, instance)


def page_deleted(sender, instance, **kwargs):
    # pre_delete, with sender Page: once per deleted page, while its parent and the pages that
    # refer to it can still be read.
    notify(page_event, "deleted", instance)


def page_moved(sender, instance, parent_page_before, url_path_before, **kwargs):
    notify(page_event, "moved", instance, (parent_page_before, url_path_before))


def page_slug_changed(sender, instance, instance_before, **kwargs):
    # Sent once the publishing transaction has committed.
    notify(slug_change_event, instance, instance_before.url_path)


# Sent for every model, pages included: `snippet_event` picks out the snippets.


def snippet_published(sender, instance, **kwargs):
    notify(snippet_event, "published", instance)


def snippet_unpublished(sender, instance, **kwargs):
    notify(snippet_event, "unpublished", instance)


def snippet_deleted(sender, instance, **kwargs):
    notify(snippet_event, "deleted", instance)


def connect_signals():
    signals.page_published.connect(page_published, dispatch_uid="webhooks-page-published")
    signals.page_unpublished.connect(page_unpublished, dispatch_uid="webhooks-page-unpublished")
    signals.post_page_move.connect(page_moved, dispatch_uid="webhooks-page-moved")
    signals.page_slug_changed.connect(page_slug_changed, dispatch_uid="webhooks-page-slug")
    pre_delete.connect(page_deleted, sender=Page, dispatch_uid="webhooks-page-deleted")
    signals.published.connect(snippet_published, dispatch_uid="webhooks-snippet-published")
    signals.unpublished.connect(snippet_unpublished, dispatch_uid="webhooks-snippet-unpublished")
    pre_delete.connect(snippet_deleted, dispatch_uid="webhooks-snippet-deleted")


# --- the delivery log in the admin -----------------------------------------------------------


class WebhookDeliveryViewSet(ModelViewSet):
    """Every delivery attempt, read-only, for editors: listing, filters and an inspect view; no
    add, edit, delete or history, for anyone."""

    model = WebhookDelivery
    name = "webhook_deliveries"
    url_prefix = "webhook-deliveries"
    icon = "resubmit"
    menu_label = _("Webhook deliveries")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "object_title",
        "event_type",
        "locale",
        "created_at",
        "attempt",
        BooleanColumn("succeeded", label=_("Succeeded")),
        "outcome",
        "url",
    ]
    list_filter = ["succeeded", "event_type", "locale"]
    search_fields = ["object_title", "url", "error"]
    search_backend_name = None

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{self.pk_path_converter}:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        removed = ("add", "edit", "delete", "history", "usage")
        return {
            **super().get_common_view_kwargs(**kwargs),
            **{f"{view}_url_name": None for view in removed},
        }

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename__startswith="view_")
