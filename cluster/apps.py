from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cluster"
    verbose_name = _("Cities Cluster")

    def ready(self):
        # Connected here, not in the URLconf, so that every process that can change content
        # (web, management commands, task workers) drops cached API answers and notifies.
        from . import cdn_purge, renditions
        from .api import cache_version
        from .webhooks import connect_signals

        cache_version.connect_signals()
        cdn_purge.connect_signals()
        connect_signals()
        renditions.connect_signals()
