"""What is submitted for moderation reaches the Editors, who can approve it: Wagtail's default
"Moderators approval" waited for an empty Moderators group. `ensure_groups` assigns the root
page's workflow to one "Editors approval" task (cluster/translation/moderation_workflow.py)."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowState

from cluster.models import CityPage
from cluster.translation.moderation_workflow import MODERATION_TASK, MODERATION_WORKFLOW
from cluster.translation.permissions import ensure_groups
from cluster.translation.roles import EDITORS_GROUP, TRANSLATOR_GROUPS

pytestmark = pytest.mark.django_db


def user_in(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(
        username=username, first_name=username, last_name="Test"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def chinese_anyang():
    return CityPage.objects.get(slug="anyang", locale__language_code="zh-hans")


def test_every_page_goes_to_the_editors_approval_task():
    root = Page.get_first_root_node()

    for page in [root, *Page.objects.filter(depth__gt=1)]:
        workflow = page.specific_deferred.get_workflow()
        assert workflow.name == MODERATION_WORKFLOW
        (task,) = [task.specific for task in workflow.tasks]
        assert task.name == MODERATION_TASK
        assert list(task.groups.values_list("name", flat=True)) == [EDITORS_GROUP]


def test_ensure_groups_again_changes_nothing_and_wagtails_default_is_gone():
    before = (
        list(Workflow.objects.values_list("pk", "name", "active")),
        list(GroupApprovalTask.objects.values_list("pk", "name", "active")),
        list(WorkflowPage.objects.values_list("page_id", "workflow_id")),
    )

    ensure_groups()

    after = (
        list(Workflow.objects.values_list("pk", "name", "active")),
        list(GroupApprovalTask.objects.values_list("pk", "name", "active")),
        list(WorkflowPage.objects.values_list("page_id", "workflow_id")),
    )
    assert after == before
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not GroupApprovalTask.objects.filter(groups__name="Moderators").exists()


def test_the_page_editor_offers_submitting_to_the_editors(client, django_user_model):
    editor = user_in(django_user_model, EDITORS_GROUP, "eva")
    client.force_login(editor)
    english_anyang = CityPage.objects.get(slug="anyang", locale__language_code="en")

    content = client.get(reverse("wagtailadmin_pages:edit", args=[english_anyang.pk]))

    assert f"Submit to {MODERATION_WORKFLOW}" in content.content.decode()
    assert "Moderators approval" not in content.content.decode()


def test_a_translators_submission_reaches_an_editor_who_approves_it(client, django_user_model):
    translator = user_in(django_user_model, TRANSLATOR_GROUPS["zh-hans"], "wei")
    editor = user_in(django_user_model, EDITORS_GROUP, "eva")
    page = chinese_anyang()
    page.summary = "安阳，甲骨文的故乡。"
    page.save_revision(user=translator)
    state = page.get_workflow().start(page, translator)

    task = state.current_task_state.task.specific
    assert list(task.groups.all()) == [Group.objects.get(name=EDITORS_GROUP)]
    assert task.user_can_access_editor(page, editor)
    assert "approve" in [name for name, *_ in task.get_actions(page, editor)]
    assert task.get_actions(page, translator) == []

    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "安阳" in dashboard  # "Awaiting your review"

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )

    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    page.refresh_from_db()
    assert page.summary == "安阳，甲骨文的故乡。"
    assert page.live and not page.has_unpublished_changes
