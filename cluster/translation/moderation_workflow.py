"""Who approves what is submitted for moderation: the Editors.

Wagtail's initial migration creates a workflow "Moderators approval" on the whole page tree whose
one task waits for the group Moderators; the project puts nobody in that group, so "Submit to
Moderators approval" sent pages where no one could approve them. `ensure_moderation_workflow()`
makes the workflow on the root page a single "Editors approval" task for the Editors group:
Editors and translators submit, Editors approve or request changes (Wagtail lets a task's group
members act on it, and Editors can publish everywhere). Running it again changes nothing; a
workflow an administrator assigned to a subtree is left alone.
"""

from django.db import transaction

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

MODERATION_TASK = "Editors approval"
MODERATION_WORKFLOW = "Editors approval"
# What Wagtail's migration names its task and workflow (`<group names> approval`).
WAGTAIL_DEFAULT_NAMES = ("Moderators approval",)


def ensure_moderation_workflow(editors):
    """The root page's workflow is MODERATION_WORKFLOW with one active task for `editors`;
    returns the workflow. Wagtail's default task and workflow are renamed and reused, so pages
    already in moderation stay in it."""
    with transaction.atomic():
        task = _named(GroupApprovalTask, MODERATION_TASK) or GroupApprovalTask(name=MODERATION_TASK)
        task.name, task.active = MODERATION_TASK, True
        task.save()
        task.groups.set([editors])

        root = Page.get_first_root_node()
        assigned = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
        workflow = (
            assigned.workflow if assigned else _named(Workflow, MODERATION_WORKFLOW)
        ) or Workflow(name=MODERATION_WORKFLOW)
        workflow.name, workflow.active = MODERATION_WORKFLOW, True
        workflow.save()
        WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def _named(model, name):
    return model.objects.filter(name__in=[name, *WAGTAIL_DEFAULT_NAMES]).order_by("pk").first()
