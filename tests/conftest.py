"""Shared fixtures: fixture sites in tmp_path, the real site built once, a real Chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_site(tmp_path: Path, data_dir: Path | None = None) -> Path:
    """A copy of the project in tmp_path with the given data (default: the minimal fixture)."""
    from scripts.project import copy_project

    return copy_project(tmp_path / "project", data_dir or FIXTURES / "minimal" / "data")


def mkdocs_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project,
                          capture_output=True, text=True, env=ENV, timeout=600)


@pytest.fixture
def fixture_project(tmp_path):
    return make_site(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with --strict."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def full_site(built_site, tmp_path_factory) -> Path:
    """The real site with its downloads, as `make site` makes it: the build, the PDFs, the offline zip."""
    out = tmp_path_factory.mktemp("full") / "site"
    shutil.copytree(built_site, out)
    for step in ("scripts.build_pdf", "scripts.build_offline"):
        result = subprocess.run([sys.executable, "-m", step, str(out)], cwd=ROOT, capture_output=True, text=True,
                                env=ENV, timeout=900)
        assert result.returncode == 0, f"{step}: {result.stdout[-2000:]}{result.stderr[-3000:]}"
    return out


@pytest.fixture(scope="session")
def offline_copy(full_site, tmp_path_factory) -> Path:
    """The offline download of the full site, unzipped: the folder a learner opens from disk."""
    import zipfile

    target = tmp_path_factory.mktemp("offline-copy")
    with zipfile.ZipFile(full_site / "downloads" / "krachtig-lerende-netwerken-offline.zip") as zf:
        zf.extractall(target)
    return target / "krachtig-lerende-netwerken"


def html_pages(site: Path) -> list[str]:
    """Paths (relative, as in a URL) of every HTML page of a built site, the 404 page included."""
    pages = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        if rel.startswith(("downloads/", "assets/")):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


@pytest.fixture(scope="session")
def module():
    from macros.content import load_module

    return load_module(ROOT / "data")


class StaticServer:
    """A static file server for a built site on 127.0.0.1, stopped by the test that started it."""

    def __init__(self, directory: Path, port: int = 0):
        import functools
        import http.server
        import threading

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def end_headers(self):
                # Our own loopback server: tells linkchecker it may check at full speed.
                self.send_header("LinkChecker", "unlimited")
                super().end_headers()

        self.root = Path(directory)
        handler = functools.partial(Quiet, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# ----------------------------------------------------------------------------- browser tests
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real site, built with site_url = the loopback address it is served on, so that Material's
    instant navigation is active (it only intercepts links under site_url)."""
    port = free_port()
    out = tmp_path_factory.mktemp("served") / "site"
    env = {**ENV, "KLN_SITE_URL": f"http://127.0.0.1:{port}/"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    with StaticServer(out, port) as server:
        yield server


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


class Guard:
    """Records every request to a host other than loopback (and blocks it) and every console error."""

    def __init__(self):
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def attach(self, context):
        from urllib.parse import urlparse

        def route(r):
            url = r.request.url
            host = urlparse(url).hostname
            if url.startswith(("data:", "blob:", "file:")) or host in ("127.0.0.1", "localhost"):
                r.continue_()
            else:
                self.foreign.append(url)
                r.abort()

        context.route("**/*", route)
        context.on("page", lambda page: page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None))
        return context


@pytest.fixture
def guard():
    return Guard()


@pytest.fixture
def context(chromium, guard):
    ctx = guard.attach(chromium.new_context(accept_downloads=True))
    yield ctx
    cookies = ctx.cookies()
    ctx.close()
    assert guard.foreign == [], f"requests to other hosts: {guard.foreign}"
    assert cookies == [], f"cookies set: {cookies}"
    assert guard.errors == [], f"console errors: {guard.errors}"
