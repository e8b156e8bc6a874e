"""Fixtures for real-browser tests of the live widgets in JupyterLab.

A JupyterLab server is started headless on 127.0.0.1 (a free port), in a
temporary copy of the tools' demo notebooks, with every Jupyter configuration,
data and runtime folder pointed at the temporary folder so that nothing else on
the machine changes what is tested. Pages are driven in Debian's Chromium with
Playwright (``playwright install`` is never needed). Under ``make test``
(ACADEMY_REQUIRE_SITE=1) a missing browser is a failure; by hand it is a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "notebooks" / "tools"
JUPYTER = Path(sys.executable).parent / "jupyter"
#: Seconds allowed for JupyterLab to answer /api/status, and to shut down.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
#: Milliseconds a browser step may wait for its condition (kernel start, callbacks).
ACTION_TIMEOUT_MS = 60_000
#: JupyterLab user settings: no news or update checks (nothing goes to the
#: internet, no pop-ups over the notebook) and every cell kept in the page.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
#: Server configuration: no announcements feed and no update checks.
SERVER_CONFIG = {
    "LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}
}


def unavailable(message: str) -> None:
    """Fail under ``make test`` (ACADEMY_REQUIRE_SITE=1), otherwise skip."""
    if os.environ.get("ACADEMY_REQUIRE_SITE") == "1":
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Lab:
    """A running JupyterLab server and the folder it serves."""

    url: str
    root: Path
    tmp: Path
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Watch:
    """A browser page that records errors and blocks requests to other hosts."""

    page: object
    host: str
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _isolated_env(base: Path) -> dict[str, str]:
    """Environment for the server and its kernels with every Jupyter folder under ``base``."""
    dirs = {
        "JUPYTER_CONFIG_DIR": base / "config",
        "JUPYTER_DATA_DIR": base / "data",
        "JUPYTER_RUNTIME_DIR": base / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": base / "lab" / "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": base / "lab" / "workspaces",
        "IPYTHONDIR": base / "ipython",
        "MPLCONFIGDIR": base / "matplotlib",
        "TMPDIR": base / "tmp",  # the kernels' temporary files stay in the test's folder
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    for name, settings in LAB_SETTINGS.items():
        target = dirs["JUPYTERLAB_SETTINGS_DIR"] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    (dirs["JUPYTER_CONFIG_DIR"] / "jupyter_server_config.json").write_text(
        json.dumps(SERVER_CONFIG), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update({k: str(v) for k, v in dirs.items()})
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("MPLBACKEND", None)  # the kernel must use the inline backend, not Agg
    return env


def _status_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _wait_started(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if _status_ok(url):
            return
        time.sleep(0.2)
    pytest.fail(f"JupyterLab did not answer {url}/api/status in {START_TIMEOUT:.0f} s")


def _stop(lab: Lab) -> None:
    """Ask the server to shut down (it stops its kernels), then make sure it has gone."""
    request = urllib.request.Request(f"{lab.url}/api/shutdown", method="POST")
    try:
        urllib.request.urlopen(request, timeout=5).close()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        pass
    try:
        lab.process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(lab.process.pid, signal.SIGTERM)
        try:
            lab.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(lab.process.pid, signal.SIGKILL)
            lab.process.wait()


def strip_outputs(path: Path) -> None:
    """Remove saved outputs and widget state, so every widget on the page comes from the kernel."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of notebooks/tools without outputs: the notebooks run and save files here."""
    root = tmp_path_factory.mktemp("lab") / "tools"
    shutil.copytree(TOOLS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for path in root.glob("*.ipynb"):
        strip_outputs(path)
    return root


@pytest.fixture(scope="session")
def lab(lab_root: Path) -> Iterator[Lab]:
    """JupyterLab serving ``lab_root`` on 127.0.0.1, shut down at the end (also on failure)."""
    if not JUPYTER.exists():
        unavailable(f"{JUPYTER} not found: run `make setup`")
    base = lab_root.parent / "jupyter"
    log = base / "server.log"
    port = _free_port()
    env = _isolated_env(base)
    command = [
        str(JUPYTER),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        "--ServerApp.terminals_enabled=False",
        f"--ServerApp.root_dir={lab_root}",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=lab_root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Lab(f"http://127.0.0.1:{port}", lab_root, Path(env["TMPDIR"]), process, log)
    try:
        _wait_started(process, server.url, log)
        yield server
    finally:
        _stop(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: run `make setup`")
    if not Path(CHROMIUM).exists():
        unavailable("Chromium not found: install Debian's package with `apt-get install chromium`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def watch(request: pytest.FixtureRequest, browser, lab: Lab) -> Iterator[Watch]:
    """A fresh browser page; on failure a screenshot is saved as live-failed-<test>.png."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    w = Watch(page, urlparse(lab.url).netloc)
    page.on("pageerror", lambda e: w.errors.append(str(e)))

    def route(r) -> None:
        url = urlparse(r.request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.netloc != w.host:
            w.external.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    try:
        yield w
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"live-failed-{request.node.name}.png"))
        context.close()
