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
