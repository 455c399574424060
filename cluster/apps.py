from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cluster"
    verbose_name = _("Cities Cluster")

    def ready(self):
        # Connected here, not in the URLconf, so that every process that can change content
        # (web, management commands, task workers) drops cached API answers and notifies.
        from cluster import renditions
        from cluster.delivery import cache_version, cdn_purge
        from cluster.delivery.webhooks import connect_signals
        from cluster.translation import source_refresh

        cache_version.connect_signals()
        cdn_purge.connect_signals()
        connect_signals()
        renditions.connect_signals()
        source_refresh.connect_signals()
