"""What the page permission tester and the snippet policy answer a translator: edit and publish
in their language, nothing else, whatever their groups hold (see tests/cluster/
test_translator_actions.py for the same through every admin URL)."""

import pytest

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page, get_page_models

from cluster.models import NewsItem
from cluster.translation.page_permissions import TranslatorPagePermissionTester
from cluster.translation.roles import EDITORS_GROUP, TRANSLATOR_GROUPS
from tests.cluster.test_permissions import city_page, news_item


@pytest.fixture
def member_of_editors(django_user_model, db):
    editor = django_user_model.objects.create_user(username="editor")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return editor


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


def test_snippets_have_no_lock_nor_workflow_to_refuse():
    # If NewsItem becomes lockable or gets workflows, their URLs need rows in the actions table.
    url_names = {pattern.name for pattern in NewsItem.snippet_viewset.get_urlpatterns()}
    assert not {"lock", "unlock", "workflow_action"} & url_names
