"""A fingerprint of everything the downloads (PDFs, offline zip, SCORM package) are made from.

`make site` records it in ``build/site.sources`` once the whole module is built. The tests build the
site again for their own address, but reuse the downloads of `make site` when the fingerprint of the
sources is still the same: the content, the templates, the code, the configuration, the pinned
packages, and what the PDFs print about the build itself (the commit with ``--dirty``, and the month of
the edition). Any change to one of these means the downloads are built again.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..paths import ROOT

# What the downloads are made from, relative to the project root (folders are read recursively).
INPUTS = ("data", "docs", "macros", "overrides", "schema", "mkdocs.yml", "mkdocs-offline.yml",
          "requirements.txt", "pyproject.toml")
RECORD = Path("build") / "site.sources"


def _files(root: Path) -> list[Path]:
    out = []
    for name in INPUTS:
        path = root / name
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                    and p.suffix != ".pyc"]
    return sorted(out)


def fingerprint(root: Path = ROOT) -> str:
    from .pdf import build_date

    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"{build_date():%Y-%m}".encode())
    return digest.hexdigest()


def record(root: Path = ROOT) -> Path:
    """Write the fingerprint of the sources as they are now (after a complete `make site`)."""
    target = root / RECORD
    target.parent.mkdir(exist_ok=True)
    target.write_text(fingerprint(root) + "\n", encoding="utf-8")
    return target


def current_downloads(site: Path, root: Path = ROOT) -> bool:
    """Whether ``site/downloads`` was built by `make site` from the sources as they are now."""
    target = root / RECORD
    return (target.is_file() and (site / "downloads").is_dir()
            and target.read_text(encoding="utf-8").strip() == fingerprint(root))
