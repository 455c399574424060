from django.core.management.base import BaseCommand

from wagtail.models import GroupPagePermission

from cluster.translation.moderation_workflow import MODERATION_WORKFLOW
from cluster.translation.permissions import ensure_groups


class Command(BaseCommand):
    help = (
        "Create or update the groups Editors, Translators zh-hans and Translators es with the "
        "permissions declared in cluster/translation/permissions.py, and make the Editors the "
        "moderators of what is submitted for approval. Safe to run again."
    )

    def handle(self, **options):
        for name, group in ensure_groups().items():
            pages = GroupPagePermission.objects.filter(group=group).values_list(
                "page__url_path", flat=True
            )
            where = ", ".join(sorted(set(pages))) or "no page tree (its home page is missing)"
            self.stdout.write(f"Group '{name}': {group.permissions.count()} permissions; {where}.")
        self.stdout.write(f"Submitted pages go to '{MODERATION_WORKFLOW}' (the Editors).")
