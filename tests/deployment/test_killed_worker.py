"""A worker killed while it runs a task (SIGKILL: nothing of it runs after) leaves the task to
be run again: the scheduler's `requeue_stale_tasks` puts it back in the queue once it has run
for longer than TASK_STALE_AFTER, and the next worker runs it to the end."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.deployment.procfile import REPO_ROOT, environment

WAIT = 60  # seconds, at most, for a worker to claim or finish the task


def manage(env, *arguments):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def task_rows(database):
    with sqlite3.connect(database) as connection:
        table = "django_tasks_database_dbtaskresult"
        rows = connection.execute(f"SELECT status, worker_ids FROM {table}")
        return [(status, json.loads(workers)) for status, workers in rows]


def wait_for(condition, what):
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT} s for {what}"
        time.sleep(0.2)


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_task_whose_worker_was_killed_runs_again_on_another_worker(tmp_path):
    database, marker = tmp_path / "queue.sqlite3", tmp_path / "done"
    env = environment(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        TASKS_BACKEND="database",
        CACHE_DIR=str(tmp_path / "cache"),
    )
    manage(env, "migrate", "django_tasks_database", "-v0")  # the queue alone
    enqueue = (
        f"from tests.support.slow_task import write_after; write_after.enqueue({str(marker)!r}, 3)"
    )
    manage(env, "shell", "-c", enqueue)

    first = start_worker(env)
    try:
        wait_for(lambda: [status for status, _ in task_rows(database)] == ["RUNNING"], "a claim")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    time.sleep(4)  # longer than the task: had the worker lived, it would have finished
    assert not marker.exists()
    [(status, dead_workers)] = task_rows(database)
    assert status == "RUNNING"

    assert manage(env, "requeue_stale_tasks", "--stale-after", "60") == ""  # not stale yet
    assert "1 abandoned task(s)" in manage(env, "requeue_stale_tasks", "--stale-after", "1")

    second = start_worker(env)
    try:
        wait_for(lambda: [status for status, _ in task_rows(database)] == ["SUCCESSFUL"], "a run")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert marker.read_text() == "done"
    [(_status, workers)] = task_rows(database)
    assert len(workers) == 2 and workers[0] == dead_workers[0]
