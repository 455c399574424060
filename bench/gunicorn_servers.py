"""gunicorn on 127.0.0.1 for each thing the benchmark measures, and its workers' memory."""

import http.client
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

DJANGO_APP = "cms.wsgi:application"
BARE_APP = "bench.bare_wsgi:application"
PROJECT_DIR = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """One gunicorn master with `workers` gthread workers (one thread each, keep-alive)."""

    name: str
    app: str
    environment: dict
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def address(self):
        return ("127.0.0.1", self.port)

    def start(self, log_file):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            self.app,
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=gthread",
            "--threads=1",
            "--keep-alive=30",
            "--timeout=300",
            "--log-level=warning",
        ]
        environment = {**os.environ, **self.environment}
        self.process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=environment, stdout=log_file, stderr=log_file
        )

    def wait_until_ready(self, path, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn for {self.name} exited ({self.process.returncode})")
            try:
                get(self.address, path)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn for {self.name} did not answer within {timeout} s")

    def worker_memory(self):
        """{"rss_mib": largest current RSS of a worker, "peak_rss_mib": largest peak (VmHWM)}."""
        statuses = [process_status(pid) for pid in child_pids(self.process.pid)]
        return {
            "rss_mib": round(max((s.get("VmRSS", 0) for s in statuses), default=0) / 1024, 1),
            "peak_rss_mib": round(max((s.get("VmHWM", 0) for s in statuses), default=0) / 1024, 1),
        }

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def get(address, path, headers=None):
    """(status, headers, body) of one GET, redirects not followed."""
    connection = http.client.HTTPConnection(*address, timeout=120)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def child_pids(parent):
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                children.append(int(entry.name))
    return children


def process_status(pid):
    """/proc/<pid>/status memory lines in KiB: {"VmRSS": 81234, "VmHWM": 90000}."""
    status = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _sep, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                status[key] = int(value.split()[0])
    except OSError:
        pass
    return status
