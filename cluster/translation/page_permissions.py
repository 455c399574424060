"""What a translator may do to a page: edit and publish it, nothing else.

Wagtail derives every page action from the group's add/change/publish rights: with change and
publish on their language's tree a translator could also delete leaf pages, move and copy pages,
unpublish, set a password or a login restriction, reorder children and convert aliases. No group
setup takes those away while keeping edit and publish, so every page model answers
`permissions_for_user()` with `TranslatorPagePermissionTester`. Wagtail's admin views, its bulk
actions, its admin API's page actions and its page actions in code (`DeletePageAction`,
`MovePageAction`, `UnpublishPageAction`, `CopyPageAction`, `ConvertAliasPageAction` ...) all ask
the tester, and the admin shows only the buttons the tester allows.

Decisions, for confined translators (see `cluster.translation.roles`):

- **Revert to an earlier revision: allowed** in their language. It is editing: the reverted
  content becomes a new draft (or is published) through the edit and publish rights they have.
- **Lock and unlock: refused.** A lock keeps everyone else, Editors included, out of a page, and
  editing needs none (Wagtail warns about concurrent edits). A lock a translator holds (taken
  before they became a translator, say) they may still release.
- **Submitting for moderation and cancelling their own submission: allowed** (Wagtail's rules);
  approving or rejecting a task is for the task's group (Editors: see
  `cluster.translation.moderation_workflow`), as for everyone.
- **Aliases: no editing.** An alias has no content of its own (it shows its source page in this
  tree); Wagtail's only edit on one is converting it into an ordinary page, which creates source
  content in the translator's tree: that is the Editors' "Translate this page".
"""

from wagtail.models import PagePermissionTester

from cluster.translation.roles import is_confined


class TranslatorPagePermissionTester(PagePermissionTester):
    """Wagtail's answers, with everything but editing and publishing refused to translators."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.user_is_confined = is_confined(user)

    def can_edit(self):
        if self.user_is_confined and self.page.alias_of_id is not None:
            return False
        return super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return not self.user_is_confined and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return not self.user_is_confined and super().can_move()

    def can_copy(self):
        return not self.user_is_confined and super().can_copy()

    def can_unpublish(self):
        return not self.user_is_confined and super().can_unpublish()

    def can_set_view_restrictions(self):
        return not self.user_is_confined and super().can_set_view_restrictions()

    def can_add_subpage(self):
        return not self.user_is_confined and super().can_add_subpage()

    def can_publish_subpage(self):
        return not self.user_is_confined and super().can_publish_subpage()

    def can_reorder_children(self):
        return not self.user_is_confined and super().can_reorder_children()

    def can_lock(self):
        return not self.user_is_confined and super().can_lock()

    def can_unlock(self):
        if self.user_is_confined:
            return self.user_has_lock()
        return super().can_unlock()


class TranslatorPagePermissionsMixin:
    """For every page model of the project: `permissions_for_user()` answers with
    `TranslatorPagePermissionTester` (tests/cluster/test_translator_actions.py checks that no
    page model is left out)."""

    def permissions_for_user(self, user):
        return TranslatorPagePermissionTester(user, self)
