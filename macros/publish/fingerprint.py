"""Content hashes in the names of our own assets, so that a server may cache them for a year.

Material names its bundles ``bundle.<hash>.min.js``; our files (``assets/kln.css``, the scripts of the
workbook, the knowledge check, progress, glossary and search) get the same treatment:
``assets/kln.css`` becomes ``assets/kln.<8 hex>.css``, and every page that links it links the new name.
A changed file gets a new name, so a browser never keeps an old copy. Used by the ``kln`` plugin
(site/plugin.py): it names the files before the pages are written and rewrites each page once, in
memory (rewriting the written site afterwards read and wrote every page a second time). Plain
functions, no MkDocs in here.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable


def hashed_name(path: str, data: bytes) -> str:
    """'assets/kln.css' and its bytes -> 'assets/kln.1a2b3c4d.css'."""
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{dot}{suffix}"


def hashed_names(assets: dict[str, bytes]) -> dict[str, str]:
    """{path: bytes} of the assets -> {path: hashed path}."""
    return {path: hashed_name(path, data) for path, data in assets.items()}


def rewriter(renames: dict[str, str]) -> Callable[[str], str]:
    """A function that points every reference to a renamed asset in an HTML text at its new name. A
    reference is the asset's path after a quote, a slash or "../" and before a quote, '?' or '#'."""
    if not renames:
        return lambda html: html
    pattern = re.compile(r"(?<=[\"'/])(" + "|".join(re.escape(a) for a in renames) + r")(?=[\"'?#])")
    return lambda html: pattern.sub(lambda m: renames[m.group(1)], html)
