"""Build the offline download: the whole module as a zip that works from file:// after unzipping.

    python -m macros offline SITE        # `make site` runs this after the normal build and the PDFs

Writes ``SITE/downloads/krachtig-lerende-netwerken-offline.zip`` with one top folder,
``krachtig-lerende-netwerken/``; a learner unzips it and opens ``index.html``. Steps:

1. Build the site a second time with ``mkdocs-offline.yml`` (``INHERIT: mkdocs.yml`` plus Material's
   ``offline`` plugin) into a temporary folder. The plugin turns links into ``.html`` files and
   inlines the search index into ``search/search_index.js``. The search runs in a Web Worker, which
   browsers do not allow from file://; the shim ``iframe-worker`` fixes that. Material would load it
   from a CDN; we ship a copy (``docs/assets/vendor/iframe-worker/``, see its README.txt).
2. Tidy the copy: drop what is useless on a disk (source maps, the 404 page with its root-absolute
   links, the empty sitemap), and make Material's bundle unable to reach a CDN (``FALLBACKS``).
3. Copy the PDFs the PDF step wrote into ``SITE/downloads/`` into the copy's ``downloads/``.
4. Check the copy: the shim is present and used, the search index script is there, instant
   navigation is off (with it on, Material's ``document$`` never emits from file://, so werkboek.js
   would not start), links end in .html, and no file names a CDN or Google host (``FOREIGN``).
5. Zip it in a fixed order with fixed timestamps (the same input gives the same bytes), to a
   temporary file that then replaces the old zip in one step.

6. From the same copy, the LMS package (publish/scorm.py): ``krachtig-lerende-netwerken-scorm12.zip``.

Any problem stops the step with exit status 1 and a message that says what went wrong.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import KlnError
from ..paths import ROOT
from . import scorm, zipping

CONFIG = ROOT / "mkdocs-offline.yml"
TOP = "krachtig-lerende-netwerken"
ZIP_NAME = f"{TOP}-offline.zip"
SHIM = "assets/vendor/iframe-worker/shim.js"

# Hosts the module must never load anything from. Plain links to sources (wodc.nl, ...) are fine.
FOREIGN = re.compile(r"unpkg\.com|jsdelivr\.(?:net|com)|googleapis\.com|gstatic\.com|cdnjs\.|//cdn\.|"
                     r"polyfill\.io|googletagmanager\.com|google-analytics\.com", re.I)
TEXT_SUFFIXES = {".html", ".js", ".css", ".json", ".xml", ".txt", ".svg", ".map", ".webmanifest"}

# Material's bundle loads two scripts from unpkg.com, only when needed: a ResizeObserver polyfill
# (every browser Material supports has ResizeObserver) and mermaid (the module has no diagrams). In the
# offline copy both point at an empty inline script, so even then no request leaves the computer.
# When a Material update changes these, the FOREIGN check below fails the build: look again.
FALLBACKS = {
    "https://unpkg.com/resize-observer-polyfill": "data:text/javascript,",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "data:text/javascript,",
}
# Not needed on a disk: source maps, the 404 page (root-absolute links), the sitemap (empty offline).
DROP = ["**/*.map", "404.html", "sitemap.xml", "sitemap.xml.gz"]


class OfflineError(KlnError):
    pass


def build(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Not --quiet: with it, MkDocs 1.6 drops warnings before --strict counts them, and builds anyway.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(CONFIG),
           "--site-dir", str(out)]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stderr + result.stdout).strip()
        problems = [line for line in output.splitlines() if not line.startswith("INFO")]
        raise OfflineError("de offline bouw met mkdocs-offline.yml is mislukt:\n"
                           + "\n".join(problems or output.splitlines()))


def tidy(out: Path) -> None:
    for pattern in DROP:
        for path in out.glob(pattern):
            path.unlink()
    bundles = sorted(out.glob("assets/javascripts/bundle.*.min.js"))
    if len(bundles) != 1:
        raise OfflineError(f"verwacht één Material-bundel in assets/javascripts/, gevonden: {len(bundles)}")
    text = bundles[0].read_text(encoding="utf-8")
    for url, local in FALLBACKS.items():
        text = text.replace(f'"{url}"', f'"{local}"')
    bundles[0].write_text(text, encoding="utf-8")


def copy_pdfs(site: Path, out: Path) -> list[str]:
    pdfs = sorted((site / "downloads").glob("*.pdf"))
    if pdfs:
        (out / "downloads").mkdir(exist_ok=True)
    for pdf in pdfs:
        shutil.copy2(pdf, out / "downloads" / pdf.name)
    return [pdf.name for pdf in pdfs]


def foreign_references(folder: Path) -> list[str]:
    """Every place in a text file of ``folder`` that names a CDN or Google host, as 'path: match'."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in FOREIGN.finditer(text):
                found.append(f"{path.relative_to(folder).as_posix()}: ...{text[max(0, m.start() - 40):m.end() + 40]}...")
    return found


def check(out: Path) -> None:
    problems = []
    if not (out / SHIM).is_file():
        problems.append(f"de shim {SHIM} ontbreekt (docs/assets/vendor/iframe-worker/)")
    if not (out / "search" / "search_index.js").is_file():
        problems.append("search/search_index.js ontbreekt: staat de offline-plugin aan in mkdocs-offline.yml?")
    index = (out / "index.html").read_text(encoding="utf-8") if (out / "index.html").is_file() else ""
    if f'src="{SHIM}"' not in index:
        problems.append(f"index.html laadt {SHIM} niet: klopt extra.polyfills in mkdocs-offline.yml?")
    if '"navigation.instant"' in index:
        problems.append("navigation.instant staat aan: vanaf file:// start werkboek.js dan niet "
                        "(zie theme.features in mkdocs-offline.yml)")
    if 'href="lessen/index.html"' not in index:
        problems.append("index.html linkt niet naar lessen/index.html: de links werken niet vanaf schijf")
    problems += [f"verwijzing naar een andere host: {f}" for f in foreign_references(out)]
    if problems:
        raise OfflineError("de offline versie klopt niet:\n  " + "\n  ".join(problems))


def write_zip(out: Path, target: Path) -> None:
    """Zip ``out`` under the top folder TOP, in sorted order with fixed timestamps, atomically."""
    with zipping.atomic_zip(target) as zf:
        for path in sorted(out.rglob("*"), key=lambda p: p.relative_to(out).as_posix()):
            rel = path.relative_to(out).as_posix()
            if path.is_dir():
                zipping.add(zf, f"{TOP}/{rel}/", None)
            else:
                zipping.add(zf, f"{TOP}/{rel}", path.read_bytes())


def build_offline(site: Path) -> Path:
    """Build the offline zip into ``site/downloads/`` and return its path."""
    if not (site / "index.html").is_file():
        raise OfflineError(f"{site} is geen gebouwde website (index.html ontbreekt); draai eerst mkdocs build")
    with tempfile.TemporaryDirectory(prefix="kln-offline-") as tmp:
        out = Path(tmp) / TOP
        build(out)
        tidy(out)
        copy_pdfs(site, out)
        check(out)
        target = site / "downloads" / ZIP_NAME
        write_zip(out, target)
        write_scorm(out, site / "downloads" / scorm.ZIP_NAME)
    return target


def write_scorm(out: Path, target: Path) -> Path:
    """The LMS package (publish/scorm.py) from the same offline copy."""
    import datetime as dt

    from ..content import load_module
    from ..paths import DATA

    module = load_module(DATA)
    longest = len(scorm.longest_suspend_data(module))
    if longest > scorm.SUSPEND_LIMIT:
        raise OfflineError(f"het SCORM-pakket kan de voortgang niet bewaren: met alle lessen en vragen is "
                           f"cmi.suspend_data {longest} tekens, en SCORM 1.2 staat er {scorm.SUSPEND_LIMIT} toe")
    return scorm.write_package(out, target, module, "Krachtig lerende netwerken", dt.date.today().isoformat())
