"""Load and validate the module's content: one YAML file per collection in data/.

Plain functions, no MkDocs in here. ``load_module(data_dir)`` returns a ``Module`` or raises
``ContentError`` carrying every problem found, each as a plain Dutch message with file, line, item and
field, e.g. ``data/lessen.yaml:57: les 3 ('Een taal'), veld 'reflectievragen': verwacht een lijst, kreeg tekst``.
Order: read every file (syntax), validate each against its schema, check the text for markup, then
check across files. Every mistake of a stage is reported at once; nothing renders from bad content.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import KlnError
from . import markup, question_ids, schema
from .crosscheck import check_trainers, cross_check
from .model import Module
from .reader import Reader, read_text
from .report import Reporter, strings

# One file per collection; each owns one top-level key.
COLLECTIONS = {
    "lessen": "lessen.yaml",
    "begrippen": "begrippen.yaml",
    "casussen": "casussen.yaml",
    "hulp": "hulp.yaml",
    "begeleiders": "begeleiders.yaml",
}


class ContentError(KlnError):
    """One or more content mistakes. ``messages`` holds every one of them."""


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_collection(rep: Reporter, coll: str, path: Path, rel: str) -> Any:
    """Read and validate one file; every problem goes to ``rep``. Returns its data, or None."""
    rep.files[coll] = (rel, None, None)
    if not path.exists():
        rep.messages.append(f"{rel}: dit bestand ontbreekt")
        return None
    text, problem = read_text(path, rel)
    if problem:
        rep.messages.append(problem)
        return None
    tab = Reader.tab_in_indentation(text)
    if tab:
        rep.messages.append(f"{rel}:{tab}: er staat een tab in het inspringen. YAML wil spaties: "
                            f"vervang de tab door spaties")
        return None
    reader = Reader(rel, text)
    data = reader.read()
    rep.messages.extend(reader.errors)
    rep.files[coll] = (rel, reader, data)
    if data is None:
        return None
    if not isinstance(data, dict):
        rep.add(coll, [], f"verwacht een blok met het veld '{coll}:', kreeg {schema.kind(data)}")
        return None
    check = schema.quick_check(coll)
    if check is None or not check(data):
        for err in sorted(schema.validator(coll).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
            rep.add(coll, *schema.message(err))
    # Text from YAML must never inject markup or load from another host (see README).
    for spath, s in strings(data, ()):
        for offset, why in markup.problems(s):
            snippet = s[offset:offset + 20].split("\n")[0]
            rep.add(coll, list(spath), why, line=reader.line_of(spath, snippet))
    return data


def load_module(data_dir: Path | str, root: Path | str | None = None) -> Module:
    """Read, validate and cross-check all collections. Raises ContentError with every problem found."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    rep = Reporter()
    raw = {coll: read_collection(rep, coll, data_dir / filename, _relative(data_dir / filename, root))
           for coll, filename in COLLECTIONS.items()}
    if rep.messages:
        raise ContentError(rep.messages)

    lessen = raw["lessen"]["lessen"]
    begrippen = raw["begrippen"]["begrippen"]
    casussen = raw["casussen"]["casussen"]
    cross_check(rep, lessen, begrippen, casussen)
    check_trainers(rep, raw["begeleiders"]["begeleiders"], lessen, casussen)
    if rep.messages:
        raise ContentError(rep.messages)
    module = Module(
        lessen=sorted(lessen, key=lambda les: les["nummer"]),
        begrippen={b["id"]: b for b in begrippen},
        casussen={c["id"]: c for c in casussen},
        hulp=raw["hulp"]["hulp"],
        begeleiders=raw["begeleiders"]["begeleiders"],
        warnings=rep.warnings,
    )
    registry = data_dir / question_ids.FILENAME
    lost = question_ids.messages(module.vraag_ids, data_dir, _relative(registry, root))
    if lost:
        raise ContentError(lost)
    return module
