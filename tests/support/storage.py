"""What the default storage holds: the database is rolled back after each test, the storage is
not, so tests that import images compare and clean up its files themselves."""

from django.core.files.storage import default_storage


def stored_files(folder=""):
    """Every file name in the default storage under `folder`, e.g. {"original_images/a.jpg"}."""
    directories, files = default_storage.listdir(folder)
    names = {f"{folder}{name}" for name in files}
    for directory in directories:
        names |= stored_files(f"{folder}{directory}/")
    return names
