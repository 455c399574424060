"""How to perform one admin action and see whether it happened, for tables of actions against
roles (tests/cluster/test_translator_actions.py)."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, TaskState

from cluster.models import CityPage, ClusterPage
from cluster.translation.roles import EDITORS_GROUP, TRANSLATOR_GROUPS
from tests.seed import english, locale

ROLES = {
    # role: (group, language of the object the role acts on); no group: a superuser
    "editor": (EDITORS_GROUP, "es"),
    "es-translator-on-es": (TRANSLATOR_GROUPS["es"], "es"),
    "es-translator-on-zh-hans": (TRANSLATOR_GROUPS["es"], "zh-hans"),
    "zh-hans-translator-on-zh-hans": (TRANSLATOR_GROUPS["zh-hans"], "zh-hans"),
    "superuser": (None, "es"),
}


@dataclass
class Action:
    """One admin action. `perform(client, obj, ctx)` sends the request; `observe(obj, ctx)` reads
    what the action changes (None: the row checks the answer only, a page that shows a form)."""

    kind: str  # "page", "alias" (a page that is an alias) or "snippet"
    allowed: set
    perform: Callable
    observe: Callable | None = None
    prepare: Callable = field(default=lambda obj, owner: {})


def post(url_name, *args, data=None, query=""):
    return lambda client, obj, ctx: client.post(
        reverse(url_name, args=[arg(obj, ctx) for arg in args]) + query, data or {}
    )


def get(url_name, *args):
    return lambda client, obj, ctx: client.get(reverse(url_name, args=[a(obj, ctx) for a in args]))


def snippet(view_name, method="post", *extra):
    def perform(client, obj, ctx):
        url_name = obj.snippet_viewset.get_url_name(view_name)
        url = reverse(url_name, args=[obj.pk, *(e(obj, ctx) for e in extra)])
        return getattr(client, method)(url)

    return perform


def bulk(model, action_type, data=None):
    app_label, model_name = model.split(".")

    def perform(client, obj, ctx):
        url = reverse("wagtail_bulk_action", args=[app_label, model_name, action_type])
        return client.post(
            f"{url}?id={obj.pk}", {key: v(obj, ctx) for key, v in (data or {}).items()}
        )

    return perform


def admin_api(action_name, **data):
    def perform(client, obj, ctx):
        return client.post(
            f"/admin/api/main/pages/{obj.pk}/action/{action_name}/",
            json.dumps({key: v(obj, ctx) if callable(v) else v for key, v in data.items()}),
            content_type="application/json",
        )

    return perform


def pk(obj, ctx):
    return obj.pk


def parent_pk(obj, ctx):
    return obj.get_parent().pk


def live_revision(obj, ctx):
    return obj.live_revision_id


def ctx_value(name):
    return lambda obj, ctx: ctx[name]


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def exists(obj, ctx):
    return type(obj).objects.filter(pk=obj.pk).exists()


def is_live(obj, ctx):
    return fresh(obj).live


def parent_of(obj, ctx):
    return fresh(obj).get_parent().pk


def siblings(obj, ctx):
    return list(fresh(obj).get_parent().get_children().values_list("pk", flat=True))


def view_restrictions(obj, ctx):
    return PageViewRestriction.objects.filter(page=obj).count()


def alias_of(obj, ctx):
    return fresh(obj).alias_of_id


def latest_revision(obj, ctx):
    return fresh(obj).latest_revision_id


def last_published_at(obj, ctx):
    return fresh(obj).last_published_at


def is_locked(obj, ctx):
    return fresh(obj).locked


def task_status(obj, ctx):
    return TaskState.objects.get(pk=ctx["task_state"]).status


def another_cluster_page(obj, owner):
    """A second cluster page in the object's language: somewhere to move a member page to."""
    home = obj.get_parent().get_parent()
    cluster = home.add_child(
        instance=ClusterPage(
            title="Otro", slug="otro", introduction="<p>Otro</p>", locale=obj.locale
        )
    )
    return {"destination": cluster.pk}


def locked_by_owner(obj, owner):
    Page.objects.filter(pk=obj.pk).update(locked=True, locked_by=owner, locked_at=timezone.now())
    return {}


def in_moderation(obj, owner):
    workflow_state = obj.get_workflow().start(obj, owner)
    return {"task_state": workflow_state.current_task_state.pk}


def position_to_reorder(obj, owner):
    order = siblings(obj, {})
    return {"position": 0 if order[0] != obj.pk else len(order) - 1}


def alias_page(language, owner):
    """An English city page shown in another language's tree as an alias, as wagtail-localize
    makes them for pages not translated yet."""
    source = english(CityPage, slug="anyang")
    copy = source.copy(update_attrs={"slug": "alias-source", "title": "Alias source"}, user=owner)
    cluster = source.get_translation(locale(language)).get_parent()
    return copy.create_alias(
        parent=cluster, update_locale=locale(language), reset_translation_key=False, user=owner
    )
