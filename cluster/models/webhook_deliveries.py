from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookDelivery(models.Model):
    """One attempt at delivering a publish notification to one receiver (see
    cluster/delivery/webhooks.py).

    Rows are written by the delivery task and never edited: the admin shows them read-only.
    """

    event_id = models.UUIDField(_("event id"), db_index=True)
    event_type = models.CharField(_("event"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_title = models.CharField(_("object"), max_length=255, blank=True)
    locale = models.CharField(_("locale"), max_length=20)
    url = models.CharField(
        _("receiver"), max_length=500, help_text=_("Without credentials or query values.")
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"))
    succeeded = models.BooleanField(_("succeeded"))
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("attempted at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.event_type}: {self.object_title or self.object_id} (attempt {self.attempt})"

    @property
    def outcome(self):
        if self.succeeded:
            return f"HTTP {self.status_code}"
        return self.error or f"HTTP {self.status_code}"
