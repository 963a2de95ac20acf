"""Shared fixtures. The real site is built once per test run for the address it is served on (so that
Material's instant navigation is active), and served by nginx with the shipped configuration. The first
worker that needs it (pytest-xdist) builds it, starts nginx, and starts the PDFs and the offline zip in
the background while the tests run; the other workers use the same site and server. The process that
runs the session (the xdist controller, or pytest itself) stops nginx and the background build at the
end (pytest_unconfigure)."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, ENV, ROOT, Guard, Nginx, free_port, mkdocs_build
from macros.publish.compress import compress_site

RUN = "kln-run"   # the folder in the run's base temp that the workers share


@pytest.fixture(scope="session")
def module():
    from macros.content import load_module

    return load_module(ROOT / "data")


@pytest.fixture(scope="session")
def shared_root(tmp_path_factory, worker_id) -> Path:
    """A folder shared by the workers when the tests run in parallel (pytest-xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def run_folder(config) -> Path:
    """The shared folder of this run, seen from the controller (or the only process)."""
    return config._tmp_path_factory.getbasetemp() / RUN


@dataclass(frozen=True)
class SharedSite:
    """The real site of this run: where it is built, and the nginx that serves it."""
    root: Path
    port: int
    headers_conf: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@pytest.fixture(scope="session")
def shared_site(shared_root, request) -> SharedSite:
    """Built once per test run with --strict for http://127.0.0.1:<port>/ and served there by nginx
    (deploy/nginx.conf); the first worker to get here builds and serves it and starts the downloads
    (when the tests collected in this run need them: see full_site)."""
    run = shared_root / RUN
    run.mkdir(exist_ok=True)
    with open(run / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (run / "site.failed").exists():
            pytest.fail((run / "site.failed").read_text())
        info = run / "site.json"
        if not info.exists():
            _build_and_serve(run, request.config.stash.get(NEEDS_DOWNLOADS, False))
        return SharedSite(**{k: (Path(v) if k != "port" else v) for k, v in json.loads(info.read_text()).items()})


def _build_and_serve(run: Path, downloads: bool) -> None:
    from macros.publish import headers

    port, site, conf = free_port(), run / "site", run / "kln-security-headers.conf"
    env = {**ENV, "KLN_SITE_URL": f"http://127.0.0.1:{port}/"}
    result = mkdocs_build(ROOT, "--strict", "--site-dir", str(site), env=env)
    if result.returncode != 0:
        (run / "site.failed").write_text("mkdocs build --strict failed:\n" + result.stdout[-3000:]
                                         + result.stderr[-3000:])
        pytest.fail((run / "site.failed").read_text())
    compress_site(site)   # the .gz copies nginx serves, as `make site` writes them
    headers.write(site, conf)
    if downloads:
        _start_downloads(site, run)
    server = Nginx(site, conf, run / "nginx", port,
                   # our own loopback server: tells linkchecker it may check at full speed
                   extra_headers='add_header LinkChecker "unlimited" always;\n')
    _remember(run, server.proc.pid)
    (run / "site.json").write_text(json.dumps({"root": str(site), "port": port, "headers_conf": str(conf)}))


def _remember(run: Path, pid: int) -> None:
    """A process that outlives the worker that started it; stopped in pytest_unconfigure."""
    with open(run / "pids", "a") as f:
        f.write(f"{pid}\n")


def downloads_of_make_site() -> Path | None:
    """The downloads that `make site` built from the sources as they are now (macros.publish.sources),
    unless KLN_FRESH_DOWNLOADS=1 asks for a new build."""
    from macros.publish import sources

    if os.environ.get("KLN_FRESH_DOWNLOADS") == "1" or not sources.current_downloads(ROOT / "site"):
        return None
    return ROOT / "site" / "downloads"


def _start_downloads(site: Path, run: Path) -> None:
    """The PDFs and the offline zip: those of `make site` when they were built from the same sources;
    else built as `make site` does, in a subprocess of their own, so that the tests run meanwhile. That
    build starts as early as possible and gets the CPU first (the test workers run at a lower priority:
    pytest_configure), for the tests that read the downloads wait for it."""
    work = run / "downloads-site"
    shutil.copytree(site, work)
    made = downloads_of_make_site()
    if made is not None:
        shutil.copytree(made, work / "downloads", ignore=shutil.ignore_patterns("*.gz"))
        (run / "downloads.log").write_text(f"hergebruikt: {made}\n")
        (run / "downloads.ok").touch()
        return
    script = (f"{sys.executable} -m macros pdf {work} && {sys.executable} -m macros offline {work}"
              f" && touch {run / 'downloads.ok'} || touch {run / 'downloads.failed'}")
    with open(run / "downloads.log", "w") as log:
        proc = subprocess.Popen(["sh", "-c", script], cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True, preexec_fn=_normal_priority)
    _remember(run, -proc.pid)   # negative: the whole process group


def _normal_priority() -> None:
    """Back to the normal priority that the worker gave up, where the system allows it (it does for root;
    elsewhere the build shares the CPU equally with the tests)."""
    with contextlib.suppress(PermissionError):
        os.setpriority(os.PRIO_PROCESS, 0, 0)


def pytest_configure(config):
    # The test workers give way to the background build of the PDFs (see _start_downloads).
    if hasattr(config, "workerinput"):
        os.nice(5)


def pytest_report_header(config):
    if hasattr(config, "workerinput"):
        return None
    made = downloads_of_make_site()
    return ("downloads (PDF's, offline zip, SCORM): " + (f"die van make site ({made}), gemaakt van dezelfde bronnen"
            if made else "worden tijdens de tests gemaakt (geen make site van dezelfde bronnen, of KLN_FRESH_DOWNLOADS=1)"))


def pytest_unconfigure(config):
    """The controller (or the only process) stops what the workers left running for the whole run."""
    if hasattr(config, "workerinput"):
        return
    pids = run_folder(config) / "pids"
    if not pids.exists():
        return
    for line in pids.read_text().split():
        pid = int(line)
        with contextlib.suppress(ProcessLookupError):
            (os.killpg if pid < 0 else os.kill)(abs(pid), signal.SIGTERM)
    pids.unlink()


@pytest.fixture(scope="session")
def built_site(shared_site) -> Path:
    """The real site, as `make site` builds it (without the downloads: see full_site)."""
    return shared_site.root


@pytest.fixture(scope="session")
def headers_conf(shared_site) -> Path:
    return shared_site.headers_conf


@pytest.fixture(scope="session")
def served_site(shared_site) -> SharedSite:
    """The built site behind nginx (deploy/nginx.conf) on 127.0.0.1."""
    return shared_site


@pytest.fixture(scope="session")
def full_site(shared_site, shared_root) -> Path:
    """The built site with its downloads, as `make site` makes it: the PDFs and the offline zip (built
    once per test run, in the background, by ``python -m macros pdf`` and ``offline``)."""
    run = shared_root / RUN
    deadline = time.monotonic() + 900
    while not (run / "downloads.ok").exists():
        if (run / "downloads.failed").exists() or time.monotonic() > deadline:
            pytest.fail("the PDF or offline step failed:\n" + (run / "downloads.log").read_text()[-5000:])
        time.sleep(0.5)
    with open(run / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        downloads = shared_site.root / "downloads"
        if not downloads.exists():
            shutil.copytree(run / "downloads-site" / "downloads", downloads)
    return shared_site.root


@pytest.fixture(scope="session")
def offline_copy(full_site, tmp_path_factory) -> Path:
    """The offline download, unzipped: the folder a learner opens from disk."""
    target = tmp_path_factory.mktemp("offline-copy")
    with zipfile.ZipFile(full_site / "downloads" / "krachtig-lerende-netwerken-offline.zip") as zf:
        zf.extractall(target)
    return target / "krachtig-lerende-netwerken"


# ----------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def guard():
    return Guard()


@pytest.fixture
def context(chromium, guard, request):
    # A test that injects a test tool (axe-core) asks for the page's policy to be bypassed with
    # @pytest.mark.bypass_csp; every other test runs under the site's Content-Security-Policy.
    bypass = request.node.get_closest_marker("bypass_csp") is not None
    ctx = guard.attach(chromium.new_context(accept_downloads=True, bypass_csp=bypass))
    yield ctx
    cookies = ctx.cookies()
    ctx.close()
    assert guard.foreign == [], f"requests to other hosts: {guard.foreign}"
    assert cookies == [], f"cookies set: {cookies}"
    assert guard.errors == [], f"console errors: {guard.errors}"


NEEDS_DOWNLOADS = pytest.StashKey[bool]()


def pytest_collection_finish(session):
    """Whether the tests of this run (after -m and -k) read the PDFs or the offline zip."""
    session.config.stash[NEEDS_DOWNLOADS] = any(
        {"full_site", "offline_copy"} & set(getattr(item, "fixturenames", ())) for item in session.items)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Markers from the fixtures a test uses: browser (Chromium), pdf (the PDFs or the offline zip), site
    (the real site). The xdist groups are set in the test modules (pytestmark)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"chromium", "context", "playwright"}:
            item.add_marker(pytest.mark.browser)
        if names & {"full_site", "offline_copy"}:
            item.add_marker(pytest.mark.pdf)
        if names & {"built_site", "served_site", "headers_conf"}:
            item.add_marker(pytest.mark.site)
    # When the tests run in parallel, the files that read the PDFs come last: the PDFs are built in the
    # background meanwhile.
    last = ["test_pdf.py", "test_offline.py"]
    items.sort(key=lambda item: last.index(item.path.name) + 1 if item.path.name in last else 0)


@pytest.fixture(scope="session")
def examples(module) -> dict[str, str]:
    """Page paths to test on, taken from whatever content there is (no test names a lesson by id)."""
    from macros.site import names

    les = module.lessen[min(2, len(module.lessen) - 1)]
    casus = next(iter(module.casussen.values()))
    begrip = next((b for b in module.begrippen.values() if b.get("perspectieven")), next(iter(module.begrippen.values())))
    return {"les": names.page_url("lessen", les["id"]), "les_id": les["id"],
            "casus": names.page_url("casussen", casus["id"]), "casus_id": casus["id"],
            "begrip": names.page_url("begrippen", begrip["id"]), "begrip_id": begrip["id"]}
