"""A copy of the project that builds on its own: used by the benchmark and by the fixture-site tests.

The code, the templates and the schemas come from the installed package; a copy needs only the config,
the fixed pages, the theme overrides and its data."""
from __future__ import annotations

import shutil
from pathlib import Path

from macros.paths import ROOT

SITE_PARTS = ["mkdocs.yml", "mkdocs-offline.yml", "docs", "overrides"]


def copy_project(target: Path, data_dir: Path) -> Path:
    """Copy the project's site parts to ``target``, with ``data_dir`` as its data/."""
    target.mkdir(parents=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part)
        else:
            shutil.copy(src, target / part)
    shutil.copytree(data_dir, target / "data")
    return target
