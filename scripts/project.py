"""A copy of the project that builds on its own: used by the benchmark and by the fixture-site tests."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a site needs besides its data: the config, the fixed pages, the code and the templates.
SITE_PARTS = ["mkdocs.yml", "docs", "macros", "templates", "overrides", "schema"]


def copy_project(target: Path, data_dir: Path | None = None) -> Path:
    """Copy the project's site parts to ``target``, with ``data_dir`` (default: the real data) as data/."""
    target.mkdir(parents=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, target / part)
    shutil.copytree(data_dir or ROOT / "data", target / "data")
    return target
