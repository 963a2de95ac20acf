"""Shared fixtures. The real site is built once per test session (per worker when the tests run in
parallel), for the address it is served on (so that Material's instant navigation is active), and served
by nginx with the shipped configuration. The PDFs and the offline zip are built once per test run, in
the background while other tests run, and added to the site for the tests that need them."""
from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, ENV, ROOT, Guard, Nginx, free_port, mkdocs_build
from macros.publish.compress import compress_site


@pytest.fixture(scope="session")
def module():
    from macros.content import load_module

    return load_module(ROOT / "data")


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def shared_root(tmp_path_factory, worker_id) -> Path:
    """A folder shared by the workers when the tests run in parallel (pytest-xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port, shared_root, request) -> Path:
    """The real site, built once (per worker) with --strict for http://127.0.0.1:<site_port>/. The first
    worker to get here also starts the PDFs and the offline zip in the background (see full_site), when
    the tests collected in this run need them."""
    out = tmp_path_factory.mktemp("built") / "site"
    env = {**ENV, "KLN_SITE_URL": f"http://127.0.0.1:{site_port}/"}
    result = mkdocs_build(ROOT, "--strict", "--site-dir", str(out), env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    compress_site(out)   # the .gz copies nginx serves, as `make site` writes them
    if request.config.stash.get(NEEDS_DOWNLOADS, False):
        start_downloads(out, shared_root)
    return out


def start_downloads(site: Path, shared: Path) -> None:
    """Once per test run: build the PDFs and the offline zip, as `make site` does, in a subprocess, so
    that the other tests run meanwhile. The result (or the failure) is left in ``shared``."""
    with open(shared / "downloads.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (shared / "downloads.started").exists():
            return
        work = shared / "downloads-site"
        shutil.copytree(site, work)
        script = (f"{sys.executable} -m macros pdf {work} && {sys.executable} -m macros offline {work}"
                  f" && touch {shared / 'downloads.ok'} || touch {shared / 'downloads.failed'}")
        log = open(shared / "downloads.log", "w")  # noqa: SIM115 - the subprocess keeps it open
        subprocess.Popen(["sh", "-c", script], cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        (shared / "downloads.started").touch()


@pytest.fixture(scope="session")
def headers_conf(built_site, tmp_path_factory) -> Path:
    from macros.publish import headers

    out = tmp_path_factory.mktemp("headers") / "kln-security-headers.conf"
    headers.write(built_site, out)
    return out


@pytest.fixture(scope="session")
def served_site(built_site, headers_conf, site_port, tmp_path_factory):
    """The built site behind nginx (deploy/nginx.conf) on 127.0.0.1:<site_port>."""
    server = Nginx(built_site, headers_conf, tmp_path_factory.mktemp("nginx"), site_port,
                   # our own loopback server: tells linkchecker it may check at full speed
                   extra_headers='add_header LinkChecker "unlimited" always;\n')
    yield server
    server.stop()


@pytest.fixture(scope="session")
def full_site(built_site, shared_root) -> Path:
    """The built site with its downloads, as `make site` makes it: the PDFs and the offline zip (built
    once per test run, in the background, by ``python -m macros pdf`` and ``offline``)."""
    deadline = time.monotonic() + 900
    while not (shared_root / "downloads.ok").exists():
        if (shared_root / "downloads.failed").exists() or time.monotonic() > deadline:
            pytest.fail("the PDF or offline step failed:\n" + (shared_root / "downloads.log").read_text()[-5000:])
        time.sleep(0.5)
    downloads = built_site / "downloads"
    if not downloads.exists():
        shutil.copytree(shared_root / "downloads-site" / "downloads", downloads)
    return built_site


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
