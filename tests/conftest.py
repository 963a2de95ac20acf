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
# What a site needs besides its data: the real config, pages, code and templates.
SITE_PARTS = ["mkdocs.yml", "docs", "macros", "templates", "overrides", "schema"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_site(tmp_path: Path, data_dir: Path | None = None) -> Path:
    """A copy of the project in tmp_path with the given data (default: the minimal fixture)."""
    site = tmp_path / "project"
    site.mkdir()
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, site / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, site / part)
    shutil.copytree(data_dir or FIXTURES / "minimal" / "data", site / "data")
    return site


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
