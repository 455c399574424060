"""The processes of the Procfile, started as an operator's process manager would (`bash -c` with
the line's command, in the repository root), for the tests that run the runbook."""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
VENV_BIN = str(Path(sys.executable).parent)


def procfile():
    """{"release": "...", "web": "...", ...}: the Procfile's process types and commands."""
    lines = (REPO_ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def environment(**settings):
    """This shell's environment less the test run's settings, with the virtualenv's python and
    gunicorn first on the PATH, plus `settings`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "PYTEST_CURRENT_TEST"}
    }
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env | settings


def run(process_type, env, timeout=120):
    """Run a process type to its end (the release step); its output if it succeeded."""
    result = subprocess.run(
        ["bash", "-c", procfile()[process_type]],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@dataclass
class Process:
    """A process type started in a session of its own, its output in `log`."""

    process_type: str
    env: dict
    log: Path
    pass_fds: tuple = ()
    popen: subprocess.Popen = field(init=False)

    def start(self):
        with self.log.open("wb") as log:
            self.popen = subprocess.Popen(
                ["bash", "-c", procfile()[self.process_type]],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=self.pass_fds,
                start_new_session=True,
            )
        return self

    def output(self):
        return self.log.read_text(errors="replace")

    def stop(self):
        """SIGTERM to the process's group (bash and what it started), SIGKILL after 10 s."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()


class WebServer(Process):
    """The `web` process on a socket of 127.0.0.1 bound here to a free port and handed to
    gunicorn (`--bind fd://N`), so no other process can take the port in between."""

    def __init__(self, env, log, workers=2):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.set_inheritable(True)
        fd = self.socket.fileno()
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        env = env | {"GUNICORN_CMD_ARGS": f"--bind fd://{fd} --workers {workers}"}
        super().__init__("web", env, log, pass_fds=(fd,))

    def wait_until_serving(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.popen.poll() is None, self.output()
            try:
                response = requests.get(
                    f"{self.url}/api/v2/pages/?limit=1",
                    headers={"X-Forwarded-Proto": "https"},  # as from the TLS load balancer
                    allow_redirects=False,
                    timeout=30,
                )
                if response.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.url} did not answer in {timeout} s:\n{self.output()}")

    def stop(self):
        super().stop()
        self.socket.close()
