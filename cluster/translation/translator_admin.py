"""The admin's buttons and bulk actions, narrowed for translators where no permission check does it.

Page actions follow `cluster.translation.page_permissions` and snippet actions
`cluster.translation.permissions`; what
is left is what Wagtail and wagtail-localize show or accept without asking them:

- wagtail-localize's "Convert to alias page", in Wagtail's page editor (an action menu item) and
  in its own translation editor (a link in the editor's props), offered to anyone who may edit;
- Wagtail's snippet "Unpublish" menu item, shown to anyone with the publish permission;
- bulk actions: Wagtail leaves out each object the user may not act on and reports success for
  the rest; a translator is refused outright (a 403) any bulk action but publishing, and any
  bulk action on an object they may not act on.

The bulk action buttons themselves are shown to every user of a listing (Wagtail offers no
per-user choice of them); the confirmation page lists the objects as not permitted.
"""

import json

from django.core.exceptions import PermissionDenied

from cluster.translation.roles import is_confined

PAGE_MENU_ITEMS_REFUSED_TO_TRANSLATORS = frozenset(["localize-convert-to-alias"])
SNIPPET_MENU_ITEMS_REFUSED_TO_TRANSLATORS = frozenset(["action-unpublish"])
BULK_ACTIONS_FOR_TRANSLATORS = frozenset(["publish"])


def hide_page_menu_items_from_translators(menu_items, request, context):
    """A `construct_page_action_menu` hook."""
    if is_confined(request.user):
        menu_items[:] = [
            item for item in menu_items if item.name not in PAGE_MENU_ITEMS_REFUSED_TO_TRANSLATORS
        ]


def hide_snippet_menu_items_from_translators(menu_items, request, context):
    """A `construct_snippet_action_menu` hook."""
    if is_confined(request.user):
        menu_items[:] = [
            item
            for item in menu_items
            if item.name not in SNIPPET_MENU_ITEMS_REFUSED_TO_TRANSLATORS
        ]


def refuse_bulk_actions_to_translators(request, action_type, objects, action):
    """A `before_bulk_action` hook: runs before a confirmed bulk action, in its transaction."""
    if not is_confined(request.user):
        return
    if action_type not in BULK_ACTIONS_FOR_TRANSLATORS:
        raise PermissionDenied
    _, refused = action.get_actionable_objects()
    if refused["items_with_no_access"]:
        raise PermissionDenied


def translation_editor_props_for(props, user):
    """wagtail-localize's translation editor props (JSON) without the links a translator may
    not follow: its "Convert to alias page" (`links.convertToAliasUrl`) is set for anyone who
    may edit the page. Used by the project's `wagtail_localize/admin/edit_translation.html`."""
    if not is_confined(user):
        return props
    editor = json.loads(props)
    editor["links"]["convertToAliasUrl"] = None
    return json.dumps(editor)
