"""The LMS package: the module as one SCORM 1.2 SCO, for Moodle, Totara, Canvas, itslearning and others.

Built from the offline copy (publish/offline.py), so the pages are the same as on the site: links
relative, search working, nothing from another host. Added at the root of the zip:

- ``imsmanifest.xml``: IMS Content Packaging 1.1.2 with the SCORM 1.2 metadata; one organisation, one
  item, one SCO resource that lists every file of the package;
- ``scorm.html``: the launch page. It shows the module in a frame and keeps the one LMS session;
- ``assets/kln-scorm.js``: the runtime (scorm/kln-scorm.js; no build step, about 6 KB). It reports the
  lessons marked done (``cmi.core.lesson_status``), the knowledge-check score (``cmi.core.score``),
  the page last seen, the session time, and keeps progress in ``cmi.suspend_data``. It never reads the
  answers to the reflection questions or the learner's name.

Status: ``incomplete`` until every lesson is marked done; then ``passed`` when at least PASS_PERCENT of
all knowledge-check questions were answered right, else ``completed``. Never ``failed``: a learner may
try a check again as often as they like.
"""
from __future__ import annotations

import json
from pathlib import Path

import jinja2

from ..content import Module
from . import zipping

HERE = Path(__file__).resolve().parent / "scorm"
ZIP_NAME = "krachtig-lerende-netwerken-scorm12.zip"
LAUNCH = "scorm.html"
RUNTIME = "assets/kln-scorm.js"
PASS_PERCENT = 70
SUSPEND_LIMIT = 4096   # SCORM 1.2: cmi.suspend_data holds at most 4096 characters
IDS = {"manifest": "krachtig-lerende-netwerken", "organization": "kln-organisatie", "item": "kln-module",
       "resource": "kln-sco"}


def runtime_config(module: Module) -> dict:
    """What the runtime needs to know: the lessons and questions in order (the suspend data refers to
    them by position) and the pass mark."""
    return {"lessen": [les["id"] for les in module.lessen], "vragen": module.kennischeck_ids,
            "drempel": PASS_PERCENT}


def longest_suspend_data(module: Module) -> str:
    """The suspend data when every lesson is done and every question checked with every option chosen:
    the longest the runtime can write (the format of scorm/kln-scorm.js, encode())."""
    lessons = ",".join("20261231" for _ in module.lessen)
    checks = ",".join("".join(str(i) for i in range(len(q["opties"]))) + "+"
                      for les in module.lessen for q in les["kennischeck"])
    return f"k1;{lessons};{checks}"


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def launch_page(module: Module, title: str) -> str:
    config = json.dumps(runtime_config(module), ensure_ascii=False).replace("<", "\\u003c")
    return _env().get_template("scorm.html").render(titel=title, config=config)


def manifest(files: list[str], title: str, version: str) -> str:
    return _env().get_template("imsmanifest.xml").render(ids=IDS, titel=title, versie=version, launch=LAUNCH,
                                                         files=files)


def write_package(copy: Path, target: Path, module: Module, title: str, version: str) -> Path:
    """Zip the offline copy in ``copy`` with the launch page, the runtime and the manifest into
    ``target`` (the manifest at the root), in a fixed order with fixed timestamps, atomically."""
    extra = {LAUNCH: launch_page(module, title).encode("utf-8"),
             RUNTIME: (HERE / "kln-scorm.js").read_bytes()}
    files = {p.relative_to(copy).as_posix(): p for p in copy.rglob("*") if p.is_file()}
    names = sorted(set(files) | set(extra))
    content = {"imsmanifest.xml": manifest(names, title, version).encode("utf-8")}
    with zipping.atomic_zip(target) as zf:
        for name in ["imsmanifest.xml", *names]:
            data = content.get(name) or extra.get(name)
            zipping.add(zf, name, data if data is not None else files[name].read_bytes())
    return target
