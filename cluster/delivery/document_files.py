"""Documents whose file is missing (deleted, gone from the bucket): a 404, not a server error.

Wagtail's serve view checks the collection's privacy (its own `before_serve_document` hook),
then streams the file; from S3, a missing object raised FileNotFoundError there, a 500. This
hook runs after the privacy check (order=1), so a private document's answer says nothing about
its file, and costs one existence check (an S3 HEAD) per download.
"""

import logging

from django.http import Http404

logger = logging.getLogger(__name__)


def refuse_missing_document_file(document, request):
    """`before_serve_document`: 404 when the document's file is not in its storage."""
    if not document.file.storage.exists(document.file.name):
        logger.warning("Document %s: its file %s is missing", document.pk, document.file.name)
        raise Http404("This document's file is missing.")
