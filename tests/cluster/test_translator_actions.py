"""Translators edit and publish in their own language, nothing else: every admin action on a page
or a snippet, through every URL that performs it (its view, the bulk action, Wagtail's admin API
and wagtail-localize's views), tried by each role.

Decisions recorded in the table below (and in cluster/page_permissions.py):

- Reverting to an earlier revision is editing: allowed to a translator in their language.
- Locking and unlocking are refused to translators (a lock keeps Editors out too; editing needs
  none). Editors cannot lock either: `ensure_groups` gives them add, change and publish only,
  so locks are for superusers (and Wagtail's own Moderators group, which the project leaves alone).
- Workflow tasks are approved by their group (Moderators): no project role but the superuser.
- An alias has no content of its own: a translator neither opens it in the editor nor converts it
  into an ordinary page (creating source content is the Editors' "Translate this page").

Each row names what the action changes; a role in the allowed set must change it (and get no
error), any other role must be refused (403, or Wagtail's redirect to the dashboard with its
"permission denied" message) and change nothing.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from wagtail.models import (
    GroupPagePermission,
    Page,
    PageViewRestriction,
    TaskState,
    get_page_models,
)
from wagtail_localize.models import Translation

from cluster.models import ClusterPage, NewsItem
from cluster.page_permissions import TranslatorPagePermissionTester
from cluster.roles import EDITORS_GROUP, TRANSLATOR_GROUPS
from tests.cluster.test_permissions import assert_refused as assert_refused_by_the_admin
from tests.cluster.test_permissions import city_page, news_item
from tests.seed import english, locale

ROLES = {
    # role: (group, language of the object the role acts on)
    "editor": (EDITORS_GROUP, "es"),
    "es-translator-on-es": (TRANSLATOR_GROUPS["es"], "es"),
    "es-translator-on-zh-hans": (TRANSLATOR_GROUPS["es"], "zh-hans"),
    "zh-hans-translator-on-zh-hans": (TRANSLATOR_GROUPS["zh-hans"], "zh-hans"),
    "superuser": (None, "es"),
}
SUPERUSER = {"superuser"}
EDITORS = {"editor", "superuser"}
IN_OWN_LANGUAGE = EDITORS | {"es-translator-on-es", "zh-hans-translator-on-zh-hans"}
ALL_ROLES = sorted(ROLES)


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


ACTIONS = {
    # --- pages: what translators do -----------------------------------------------------------
    "open a page in the editor": Action(
        "page", IN_OWN_LANGUAGE, get("wagtailadmin_pages:edit", pk)
    ),
    "publish pages (bulk)": Action(
        "page", IN_OWN_LANGUAGE, bulk("wagtailcore.page", "publish"), last_published_at
    ),
    "open a revision to revert to": Action(
        "page", IN_OWN_LANGUAGE, get("wagtailadmin_pages:revisions_revert", pk, live_revision)
    ),
    "revert to a revision (admin API)": Action(
        "page",
        IN_OWN_LANGUAGE,
        admin_api("revert_to_page_revision", revision_id=live_revision),
        latest_revision,
    ),
    # --- pages: what they do not -------------------------------------------------------------
    "delete a page": Action("page", EDITORS, post("wagtailadmin_pages:delete", pk), exists),
    "delete pages (bulk)": Action("page", EDITORS, bulk("wagtailcore.page", "delete"), exists),
    "delete a page (admin API)": Action("page", EDITORS, admin_api("delete"), exists),
    "move a page": Action(
        "page",
        EDITORS,
        post("wagtailadmin_pages:move_confirm", pk, ctx_value("destination")),
        parent_of,
        another_cluster_page,
    ),
    "move pages (bulk)": Action(
        "page",
        EDITORS,
        bulk("wagtailcore.page", "move", {"chooser": ctx_value("destination")}),
        parent_of,
        another_cluster_page,
    ),
    "move a page (admin API)": Action(
        "page",
        EDITORS,
        admin_api("move", destination_page_id=ctx_value("destination"), position="last-child"),
        parent_of,
        another_cluster_page,
    ),
    "reorder pages": Action(
        "page",
        EDITORS,
        lambda client, obj, ctx: client.post(
            reverse("wagtailadmin_pages:set_page_position", args=[obj.pk])
            + f"?position={ctx['position']}"
        ),
        siblings,
        position_to_reorder,
    ),
    "copy a page": Action(
        "page",
        EDITORS,
        lambda client, obj, ctx: client.post(
            reverse("wagtailadmin_pages:copy", args=[obj.pk]),
            {
                "new_title": "Copia",
                "new_slug": "copia",
                "new_parent_page": obj.get_parent().pk,
                "publish_copies": "on",
            },
        ),
        siblings,
    ),
    "copy a page (admin API)": Action(
        "page", EDITORS, admin_api("copy", slug="copia", title="Copia"), siblings
    ),
    "create an alias of a page (admin API)": Action(
        "page",
        EDITORS,
        admin_api("create_alias", destination_page_id=parent_pk, update_slug="alias"),
        siblings,
    ),
    "add a page": Action(
        "page",
        EDITORS,
        get("wagtailadmin_pages:add", lambda *_: "cluster", lambda *_: "citypage", parent_pk),
    ),
    "unpublish a page": Action("page", EDITORS, post("wagtailadmin_pages:unpublish", pk), is_live),
    "unpublish pages (bulk)": Action(
        "page", EDITORS, bulk("wagtailcore.page", "unpublish"), is_live
    ),
    "unpublish a page (admin API)": Action("page", EDITORS, admin_api("unpublish"), is_live),
    "set a password on a page": Action(
        "page",
        EDITORS,
        post(
            "wagtailadmin_pages:set_privacy",
            pk,
            data={"restriction_type": "password", "password": "s3cret-enough"},
        ),
        view_restrictions,
    ),
    "convert a translation to an alias (wagtail-localize)": Action(
        "page", EDITORS, post("wagtail_localize:convert_to_alias", pk), alias_of
    ),
    "lock a page": Action("page", SUPERUSER, post("wagtailadmin_pages:lock", pk), is_locked),
    "unlock a page": Action(
        "page", SUPERUSER, post("wagtailadmin_pages:unlock", pk), is_locked, locked_by_owner
    ),
    "approve a workflow task": Action(
        "page",
        SUPERUSER,
        lambda client, obj, ctx: client.post(
            reverse(
                "wagtailadmin_pages:workflow_action", args=[obj.pk, "approve", ctx["task_state"]]
            ),
            {"comment": ""},
        ),
        task_status,
        in_moderation,
    ),
    # --- aliases ------------------------------------------------------------------------------
    "open an alias in the editor": Action("alias", EDITORS, get("wagtailadmin_pages:edit", pk)),
    "convert an alias into an ordinary page": Action(
        "alias", EDITORS, post("wagtailadmin_pages:convert_alias", pk), alias_of
    ),
    "convert an alias into an ordinary page (admin API)": Action(
        "alias", EDITORS, admin_api("convert_alias"), alias_of
    ),
    # --- snippets -----------------------------------------------------------------------------
    "open a snippet in the editor": Action("snippet", IN_OWN_LANGUAGE, snippet("edit", "get")),
    "open a snippet revision to revert to": Action(
        "snippet", IN_OWN_LANGUAGE, snippet("revisions_revert", "get", live_revision)
    ),
    "delete a snippet": Action("snippet", EDITORS, snippet("delete"), exists),
    "delete snippets (bulk)": Action(
        "snippet", EDITORS, bulk("cluster.newsitem", "delete"), exists
    ),
    "copy a snippet": Action("snippet", EDITORS, snippet("copy", "get")),
    "unpublish a snippet": Action("snippet", EDITORS, snippet("unpublish"), is_live),
}


def alias_page(language, owner):
    """An English city page shown in another language's tree as an alias, as wagtail-localize
    makes them for pages not translated yet."""
    source = english(Page, slug="anyang").specific
    copy = source.copy(update_attrs={"slug": "alias-source", "title": "Alias source"}, user=owner)
    cluster = city_page(language).get_parent()
    return copy.create_alias(
        parent=cluster, update_locale=locale(language), reset_translation_key=False, user=owner
    )


def assert_refused(response):
    """Refused as the admin refuses, or not found: Wagtail's admin API does not find a page
    outside the user's part of the tree (and LocaleMiddleware, for the site's pages under
    language prefixes, answers a 404 outside the public API with a redirect to `/en/<path>`)."""
    if response.status_code == 302 and response.url == f"/en{response.request['PATH_INFO']}":
        return
    if response.status_code != 404:
        assert_refused_by_the_admin(response)


@pytest.fixture
def owner(django_user_model, db):
    return django_user_model.objects.create_superuser("owner", "owner@example.org", "not-used")


@pytest.fixture
def member_of_editors(django_user_model, db):
    editor = django_user_model.objects.create_user(username="editor")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return editor


@pytest.fixture
def log_in_as(client, django_user_model):
    def log_in(role):
        group_name, _ = ROLES[role]
        if group_name is None:
            user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
        else:
            user = django_user_model.objects.create_user(username=role)
            user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return log_in


def object_for(kind, language, owner):
    if kind == "alias":
        return alias_page(language, owner)
    return (news_item if kind == "snippet" else city_page)(language)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action_name", list(ACTIONS))
def test_admin_action_is_allowed_to_exactly_its_roles(
    client, log_in_as, owner, action_name, role, django_capture_on_commit_callbacks
):
    action = ACTIONS[action_name]
    _, language = ROLES[role]
    obj = object_for(action.kind, language, owner)
    ctx = action.prepare(obj, owner)
    before = action.observe(obj, ctx) if action.observe else None
    log_in_as(role)

    with django_capture_on_commit_callbacks(execute=True):
        response = action.perform(client, obj, ctx)

    if role in action.allowed:
        assert response.status_code < 400, response.status_code
        if action.observe:
            assert action.observe(obj, ctx) != before, "the action did not happen"
        else:
            assert response.status_code == 200
    else:
        assert_refused(response)
        if action.observe:
            assert action.observe(obj, ctx) == before, "a refused action happened"


# --- what the page permission tester answers ------------------------------------------------


def test_every_page_model_answers_with_the_translator_tester(django_user_model, db):
    user = django_user_model.objects.create_user(username="anyone")
    page_models = [model for model in get_page_models() if model is not Page]
    assert page_models
    for model in page_models:
        page = model.objects.first() or model()
        assert isinstance(page.permissions_for_user(user), TranslatorPagePermissionTester), model


@pytest.mark.parametrize("language", ["es", "zh-hans"])
def test_a_translator_may_edit_and_publish_a_page_in_their_language_and_nothing_else(
    django_user_model, db, language
):
    translator = django_user_model.objects.create_user(username="translator")
    translator.groups.add(Group.objects.get(name=TRANSLATOR_GROUPS[language]))
    for page in [city_page(language), city_page(language).get_parent()]:
        tester = Page.objects.get(pk=page.pk).permissions_for_user(translator)
        answers = {
            name: getattr(tester, name)()
            for name in dir(tester)
            if name.startswith("can_") and name not in ("can_move_to", "can_copy_to")
        }
        allowed = {name for name, answer in answers.items() if answer}
        assert allowed == {
            "can_edit",
            "can_publish",
            "can_unschedule",
            "can_submit_for_moderation",
            "can_view_revisions",
        }, page


def test_a_translator_group_granted_more_still_only_edits_and_publishes(django_user_model, db):
    """Whatever an administrator adds to a translator group in the admin's group editor."""
    group = Group.objects.get(name=TRANSLATOR_GROUPS["es"])
    home = city_page("es").get_parent().get_parent()
    for codename in ["add_page", "delete_page", "bulk_delete_page", "lock_page", "unlock_page"]:
        GroupPagePermission.objects.create(
            group=group, page=home, permission=Permission.objects.get(codename=codename)
        )
    group.permissions.add(
        *Permission.objects.filter(codename__in=["add_newsitem", "delete_newsitem"])
    )
    translator = django_user_model.objects.create_user(username="translator")
    translator.groups.add(group)

    tester = city_page("es").permissions_for_user(translator)
    assert tester.can_edit() and tester.can_publish()
    assert not any(
        [
            tester.can_delete(),
            tester.can_move(),
            tester.can_copy(),
            tester.can_add_subpage(),
            tester.can_lock(),
            tester.can_unlock(),
        ]
    )
    policy = NewsItem.snippet_viewset.permission_policy
    item = news_item("es")
    assert policy.user_has_permission_for_instance(translator, "publish", item)
    for action in ["add", "delete", "unpublish", "lock"]:
        assert not policy.user_has_permission_for_instance(translator, action, item), action
    assert translator not in policy.users_with_permission("delete")
    assert translator in policy.users_with_permission("publish")


def test_unpublishing_a_snippet_takes_the_publish_permission_for_everyone_else(member_of_editors):
    policy = NewsItem.snippet_viewset.permission_policy
    assert policy.user_has_permission_for_instance(member_of_editors, "unpublish", news_item("es"))
    assert member_of_editors in policy.users_with_permission("unpublish")


# --- the buttons the admin shows ------------------------------------------------------------

PAGE_ACTION_LINKS = {
    "delete": "wagtailadmin_pages:delete",
    "move": "wagtailadmin_pages:move",
    "copy": "wagtailadmin_pages:copy",
    "unpublish": "wagtailadmin_pages:unpublish",
}


def page_action_buttons(html, page):
    """The page actions the admin shows buttons for (not the URLs the page merely mentions,
    such as the translation editor's props or a dialog only its button opens)."""
    buttons = {
        name
        for name, url_name in PAGE_ACTION_LINKS.items()
        if f'href="{reverse(url_name, args=[page.pk])}' in html
    }
    if 'data-a11y-dialog-show="set-privacy"' in html:
        buttons.add("privacy")
    lock_url = reverse("wagtailadmin_pages:lock", args=[page.pk])
    if f'data-w-action-url-value="{lock_url}"' in html:
        buttons.add("lock")
    return buttons


def editor_props(response):
    """The props wagtail-localize's translation editor is given."""
    html = response.content.decode()
    start = html.index('data-props="') + len('data-props="')
    return json.loads(unescape(html[start : html.index('"', start)]))


@pytest.mark.parametrize("role, shown", [("editor", True), ("es-translator-on-es", False)])
def test_the_translation_editor_offers_page_actions_to_editors_only(client, log_in_as, role, shown):
    page = city_page("es")
    log_in_as(role)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    props = editor_props(response)
    assert props["perms"]["canPublish"]
    offered = {
        "unpublish": props["perms"]["canUnpublish"],
        "delete": props["perms"]["canDelete"],
        "convert to alias": props["links"]["convertToAliasUrl"] is not None,
    }
    assert offered == dict.fromkeys(offered, shown)
    # The editor's own buttons come from the props; besides them only the side panel's privacy
    # (wagtail-localize's editor has no header menu with move or copy).
    assert page_action_buttons(response.content.decode(), page) == ({"privacy"} if shown else set())


@pytest.mark.parametrize("role, shown", [("editor", True), ("es-translator-on-es", False)])
def test_the_page_explorer_offers_page_actions_to_editors_only(client, log_in_as, role, shown):
    page = city_page("es")
    log_in_as(role)
    response = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    html = response.content.decode()

    assert response.status_code == 200
    # The child page's buttons, and the privacy of the page listed (the cluster page).
    expected = {"delete", "move", "copy", "unpublish", "privacy"} if shown else set()
    assert page_action_buttons(html, page) == expected
    assert ("?ordering=ord" in html) == shown


@pytest.mark.parametrize("role, shown", [("editor", True), ("es-translator-on-es", False)])
def test_wagtails_own_editors_offer_convert_and_unpublish_to_editors_only(
    client, log_in_as, role, shown
):
    """Once a translation is stopped, Wagtail's own page and snippet editors are used."""
    page, item = city_page("es"), news_item("es")
    log_in_as(role)
    for obj in (page, item):
        Translation.objects.filter(
            source__object_id=obj.translation_key, target_locale=obj.locale
        ).update(enabled=False)

    page_html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    item_html = client.get(
        reverse(item.snippet_viewset.get_url_name("edit"), args=[item.pk])
    ).content.decode()

    assert ('name="localize-convert-to-alias"' in page_html) == shown
    assert (
        reverse(item.snippet_viewset.get_url_name("unpublish"), args=[item.pk]) in item_html
    ) == shown


def test_snippets_have_no_lock_nor_workflow_to_refuse():
    # If NewsItem becomes lockable or gets workflows, their URLs need rows in ACTIONS.
    url_names = {pattern.name for pattern in NewsItem.snippet_viewset.get_urlpatterns()}
    assert not {"lock", "unlock", "workflow_action"} & url_names
