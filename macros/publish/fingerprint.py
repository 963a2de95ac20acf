"""Content hashes in the names of our own assets, so that a server may cache them for a year.

Material names its bundles ``bundle.<hash>.min.js``; our files (``assets/kln.css``, the scripts of the
workbook, the knowledge check, progress, glossary and search) get the same treatment after the build:
``assets/kln.css`` becomes ``assets/kln.<8 hex>.css`` and every page that links it is rewritten. A
changed file gets a new name, so a browser never keeps an old copy. Used by the ``kln`` plugin
(site/plugin.py, on_post_build); a plain function, no MkDocs in here.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path


def hashed_name(path: str, data: bytes) -> str:
    """'assets/kln.css' and its bytes -> 'assets/kln.1a2b3c4d.css'."""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{dot}{suffix}"


def fingerprint(site: Path, assets: list[str]) -> dict[str, str]:
    """Rename ``assets`` (paths inside ``site``) to their hashed names and rewrite every reference to
    them in the site's HTML files. Returns {old: new}. A missing asset is left alone."""
    site = Path(site)
    renames: dict[str, str] = {}
    for asset in assets:
        source = site / asset
        if not source.is_file():
            continue
        new = hashed_name(asset, source.read_bytes())
        source.replace(site / new)
        renames[asset] = new
    if not renames:
        return renames
    # A reference is the asset's path after a quote, a slash or "../" and before a quote or '?'.
    pattern = re.compile(r"(?<=[\"'/])(" + "|".join(re.escape(a) for a in renames) + r")(?=[\"'?#])")
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new_text = pattern.sub(lambda m: renames[m.group(1)], text)
        if new_text != text:
            page.write_text(new_text, encoding="utf-8")
    return renames
