"""What the content import refuses before it parses anything.

- A content file over IMPORT_MAX_FILE_BYTES (1 MiB by default; the seed's largest is 7 KB).
- More objects than IMPORT_MAX_OBJECTS (20,000 by default): the files of the object folders,
  home and cluster, counted before any is parsed, then with the entries of topics.yaml.
"""

from django.conf import settings

from cluster.content_import.spec_types import ContentError


def too_many_objects(where, count, counted="files"):
    """[ContentError] when `count` objects are more than allowed, else []."""
    limit = settings.IMPORT_MAX_OBJECTS
    if count <= limit:
        return []
    message = (
        f"too many objects to import: {count:,} ({counted}), at most {limit:,} (IMPORT_MAX_OBJECTS)"
    )
    return [ContentError(where, 0, "", message)]


def too_large_files(directory, paths):
    """[ContentError] for each existing file of `paths` larger than allowed, named relative to
    `directory`; nothing is read."""
    limit = settings.IMPORT_MAX_FILE_BYTES
    errors = []
    for path in paths:
        size = path.stat().st_size if path.is_file() else 0
        if size > limit:
            message = f"file too large: {size:,} bytes, at most {limit:,} (IMPORT_MAX_FILE_BYTES)"
            errors.append(ContentError(str(path.relative_to(directory)), 0, "", message))
    return errors
