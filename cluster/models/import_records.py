from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportRecord(models.Model):
    """What the content pipeline last wrote for one object (cluster/content_import/conflicts.py).

    One row per object and language: `import_content` records the English objects it wrote from
    the YAML files, `import_translations` the translated objects it published from the PO files.
    The next import compares the live object with this row: a newer revision, an unpublished or
    deleted object or a page under another parent means an editor changed it in the admin since,
    and the import does not overwrite it unless told to. Not shown in the admin; written only by
    the import commands.
    """

    object_key = models.CharField(max_length=200)  # "cluster.citypage:anyang"
    language = models.CharField(max_length=20)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=40)
    file = models.CharField(max_length=500)  # relative to the imported directory
    line = models.PositiveIntegerField(default=1)
    revision_id = models.PositiveBigIntegerField(null=True)  # the revision the import published
    content_hash = models.CharField(max_length=64, blank=True)  # sha256 of the values written
    live = models.BooleanField(default=True)
    parent_id = models.PositiveBigIntegerField(null=True)  # pages: the parent written under
    comments = models.JSONField(default=list, blank=True)  # the file's, see yaml_comments.py
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_key", "language"], name="one_import_record_per_object"
            )
        ]

    def __str__(self):
        return f"{self.object_key} ({self.language}) from {self.file}:{self.line}"
