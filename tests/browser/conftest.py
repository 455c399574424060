"""A world of its own for browser tests: the CMS served from a temporary SQLite database by a
real server process, and Debian's Chromium driven through Playwright.

The rest of the suite runs inside per-test transactions on a shared PostgreSQL database, which a
separate server process cannot see (and `transactional_db` would wipe the shared seed). So these
tests build their database with the same commands as `make run` and serve it with `runserver`.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium stalls on this machine's closed network (update checks, sync, QUIC).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 30
ES_TRANSLATOR_GROUP = "Translators es"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (`item.rep_call` ...) for fixtures to read."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@dataclass(frozen=True)
class CmsServer:
    base_url: str
    username: str
    password: str
    log_path: Path
    admin_username: str
    admin_password: str
    env: dict  # the server's environment, for `manage(cms_server.env, ...)` against its database

    def url(self, path):
        return f"{self.base_url}{path}"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} exited {result.returncode}:\n"
            f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
        )


def _wait_until_answering(process, url, log_path):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The CMS server exited {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(
        f"The CMS server did not answer {url} in {SERVER_START_TIMEOUT}s:\n{log_path.read_text()}"
    )


@pytest.fixture(scope="session")
def cms_server(tmp_path_factory):
    """The seed content in three languages, the project's groups, one Spanish translator and
    one superuser, served at http://127.0.0.1:<free port> until the end of the session."""
    workdir = tmp_path_factory.mktemp("cms-server")
    base_url = f"http://127.0.0.1:{_free_port()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "DEBUG": "1",  # runserver serves the admin's static files only in debug
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": base_url,
        "WAGTAILAPI_BASE_URL": base_url,
        "PYTHONUNBUFFERED": "1",
    }
    # The steps of `make run`, in one process to spare four Django start-ups.
    username, password = "traductora", secrets.token_urlsafe(16)
    admin_username, admin_password = "administradora", secrets.token_urlsafe(16)
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "call_command('import_content', 'cluster/content')\n"
        "call_command('import_translations', 'cluster/content/locale')\n"
        "call_command('ensure_groups')\n"
        f"user = get_user_model().objects.create_user({username!r}, password={password!r})\n"
        f"user.groups.add(Group.objects.get(name={ES_TRANSLATOR_GROUP!r}))\n"
        f"get_user_model().objects.create_superuser({admin_username!r}, 'admin@example.org', "
        f"{admin_password!r})\n",
    )

    log_path = workdir / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                base_url.removeprefix("http://"),
                "--noreload",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_answering(process, f"{base_url}/admin/login/", log_path)
        yield CmsServer(base_url, username, password, log_path, admin_username, admin_password, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (make test does this).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(request, chromium, cms_server):
    """A fresh browser tab (English interface). If the test fails, its screen is saved as
    test-artifacts/<test name>.png and the server's log beside it."""
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS_DIR / f"{request.node.name}.png", full_page=True)
        (ARTIFACTS_DIR / f"{request.node.name}.server.log").write_text(
            cms_server.log_path.read_text()
        )
    context.close()
