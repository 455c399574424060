"""Translators edit and publish in their own language, nothing else: every admin action on a page
or a snippet, through every URL that performs it (its view, the bulk action, Wagtail's admin API
and wagtail-localize's views), tried by each role.

Decisions recorded in the table below (and in cluster/translation/page_permissions.py):

- Reverting to an earlier revision is editing: allowed to a translator in their language.
- Locking and unlocking are refused to translators (a lock keeps Editors out too; editing needs
  none). Editors cannot lock either: `ensure_groups` gives them add, change and publish only,
  so locks are for superusers (and Wagtail's own Moderators group, which the project leaves alone).
- Workflow tasks are approved by their group, the Editors
  (cluster/translation/moderation_workflow.py).
- An alias has no content of its own: a translator neither opens it in the editor nor converts it
  into an ordinary page (creating source content is the Editors' "Translate this page").

Each row names what the action changes; a role in the allowed set must change it (and get no
error), any other role must be refused (403, Wagtail's redirect to the dashboard with its
"permission denied" message, or a 404 from the admin API for a page outside the user's tree) and
change nothing.
"""

import pytest

from django.urls import reverse

from tests.cluster.test_permissions import assert_refused as assert_refused_by_the_admin
from tests.cluster.test_permissions import city_page, news_item
from tests.support.admin_actions import (
    ROLES,
    Action,
    admin_api,
    alias_of,
    alias_page,
    another_cluster_page,
    bulk,
    ctx_value,
    exists,
    get,
    in_moderation,
    is_live,
    is_locked,
    last_published_at,
    latest_revision,
    live_revision,
    locked_by_owner,
    parent_of,
    parent_pk,
    pk,
    position_to_reorder,
    post,
    siblings,
    snippet,
    task_status,
    view_restrictions,
)

SUPERUSER = {"superuser"}
EDITORS = {"editor", "superuser"}
IN_OWN_LANGUAGE = EDITORS | {"es-translator-on-es", "zh-hans-translator-on-zh-hans"}

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
        EDITORS,
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


def object_for(kind, language, owner):
    if kind == "alias":
        return alias_page(language, owner)
    return (news_item if kind == "snippet" else city_page)(language)


@pytest.mark.parametrize("role", sorted(ROLES))
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
