"""A background task that takes its time, for tests that kill the worker running it."""

import time
from pathlib import Path

from django_tasks import task


@task()
def write_after(path, seconds):
    """Wait `seconds`, then write `done` to `path`."""
    time.sleep(seconds)
    Path(path).write_text("done")
