"""Load and validate the module's content: data/lessen.yaml, data/begrippen.yaml, data/casussen.yaml.

Plain functions, no MkDocs in here. ``load_module(data_dir)`` returns a ``Module`` or raises
``ContentError`` carrying every problem found, each as a plain Dutch message with file, line, item and
field, e.g. ``data/lessen.yaml:57: les 3 ('Een taal'), veld 'reflectievragen': verwacht een lijst, kreeg tekst``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from . import markup
from .yaml_errors import syntax_message

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"

# One file per collection; each owns one top-level key.
COLLECTIONS = {
    "lessen": "lessen.yaml",
    "begrippen": "begrippen.yaml",
    "casussen": "casussen.yaml",
}

class ContentError(Exception):
    """One or more content mistakes. ``messages`` holds every one of them."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass
class Module:
    lessen: list[dict]
    begrippen: dict[str, dict]
    casussen: dict[str, dict]
    warnings: list[str] = field(default_factory=list)

    @property
    def les_by_id(self) -> dict[str, dict]:
        return {les["id"]: les for les in self.lessen}

    def casussen_bij_les(self, les_id: str) -> list[dict]:
        """Vignettes that illustrate a lesson (derived from each vignette's ``lessen``)."""
        return [c for c in self.casussen.values() if les_id in c["lessen"]]

    def gebruik_van_begrip(self, begrip_id: str) -> tuple[list[dict], list[dict]]:
        """Backlinks: the lessons and vignettes that use a term (derived from their ``begrippen``)."""
        lessen = [les for les in self.lessen if begrip_id in les["begrippen"]]
        casussen = [c for c in self.casussen.values() if begrip_id in c.get("begrippen", [])]
        return lessen, casussen

    def alle_vragen(self) -> list[tuple[str, str, dict]]:
        """Every reflection question: (kind, owner id, question), lessons first, in order."""
        out = [("les", les["id"], q) for les in self.lessen for q in les["reflectievragen"]]
        out += [("casus", c["id"], q) for c in self.casussen.values() for q in c["vragen"]]
        return out


# --------------------------------------------------------------------------- YAML with line numbers

Path_ = tuple  # a path into the data: ('lessen', 2, 'reflectievragen')


# libyaml's parser when PyYAML has it (it does in the wheels we pin): about ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Reader:
    """Turns a YAML file into plain data plus a map from data path to line number."""

    def __init__(self, rel: str, text: str):
        self.rel = rel
        self.text = text
        self.lines: dict[Path_, int] = {}
        self.spans: dict[Path_, tuple[int, int]] = {}  # where each value stands in the text
        self.errors: list[str] = []
        self._constructor = yaml.SafeLoader("")

    def read(self) -> Any:
        try:
            node = yaml.compose(self.text, Loader=_LOADER)
        except yaml.MarkedYAMLError as exc:
            self.errors.append(syntax_message(self.rel, self.text, exc))
            return None
        except yaml.YAMLError as exc:  # pragma: no cover - PyYAML always marks its errors
            self.errors.append(f"{self.rel}: de YAML is ongeldig ({exc})")
            return None
        if node is None:
            self.errors.append(f"{self.rel}: het bestand is leeg")
            return None
        return self._walk(node, ())

    def line_of(self, path: Path_, snippet: str) -> int | None:
        """The line where ``snippet`` stands inside the value at ``path`` (its first line if not found)."""
        start, end = self.spans.get(path, (0, 0))
        pos = self.text.find(snippet, start, end + 1) if snippet else -1
        return self.text.count("\n", 0, pos) + 1 if pos >= 0 else self.lines.get(path)

    def _walk(self, node: yaml.Node, path: Path_) -> Any:
        self.lines[path] = node.start_mark.line + 1
        self.spans[path] = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                key = self._constructor.construct_object(key_node, deep=True)
                if key in result:
                    self.errors.append(f"{self.rel}:{key_node.start_mark.line + 1}: het veld '{key}' staat er twee keer")
                result[key] = self._walk(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._walk(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._constructor.construct_object(node, deep=True)


def _read_text(path: Path, rel: str) -> tuple[str | None, str | None]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), None  # a UTF-8 byte order mark is accepted
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, (f"{rel}:{line}: het bestand is geen UTF-8. Sla het op als UTF-8 "
                      f"(onleesbaar teken op positie {exc.start})")


# --------------------------------------------------------------------------- schema

def _registry() -> Registry:
    resources = []
    for p in sorted(SCHEMA_DIR.glob("*.schema.json")):
        resources.append((p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8")))))
    return Registry().with_resources(resources)


def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


_TYPE_NL = {
    "string": "tekst", "integer": "een heel getal", "number": "een getal", "array": "een lijst",
    "object": "een blok met velden", "boolean": "ja of nee", "null": "niets",
}


def _kind(value: Any) -> str:
    if value is None:
        return "niets"
    if isinstance(value, bool):
        return "ja/nee"
    if isinstance(value, int):
        return "een getal"
    if isinstance(value, float):
        return "een kommagetal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een blok met velden"
    return type(value).__name__


def _schema_message(err) -> tuple[list, str]:
    """Translate one jsonschema error into (path, Dutch message)."""
    path = list(err.absolute_path)
    v = err.validator
    if v == "type":
        expected = err.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        return path, f"verwacht {' of '.join(_TYPE_NL.get(t, t) for t in expected)}, kreeg {_kind(err.instance)}"
    if v == "required":
        missing = re.search(r"'([^']+)' is a required property", err.message)
        name = missing.group(1) if missing else err.message
        return path + [name], "dit verplichte veld ontbreekt"
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return path + [extra[0] if extra else "?"], (
            "dit veld bestaat niet (tikfout?). Toegestaan: " + ", ".join(err.schema.get("properties", {})))
    if v == "minItems":
        return path, f"te weinig: minstens {err.validator_value}, nu {len(err.instance)}"
    if v == "maxItems":
        return path, f"te veel: hoogstens {err.validator_value}, nu {len(err.instance)}"
    if v == "minLength":
        return path, "mag niet leeg zijn"
    if v == "minimum":
        return path, f"moet minstens {err.validator_value} zijn, nu {err.instance}"
    if v == "maximum":
        return path, f"mag hoogstens {err.validator_value} zijn, nu {err.instance}"
    if v == "enum":
        return path, f"'{err.instance}' kan niet; kies uit: " + ", ".join(map(str, err.validator_value))
    if v == "uniqueItems":
        return path, "er staat iets dubbel in deze lijst"
    if v == "minProperties":
        return path, f"vul er minstens {err.validator_value} in"
    if v == "pattern":
        if "https?" in err.validator_value:
            return path, f"'{err.instance}' is geen webadres: begin met https://"
        return path, (f"'{err.instance}' is geen geldige sleutel: gebruik alleen kleine letters, cijfers en "
                      f"streepjes, zoals 'gezamenlijke-taal'")
    return path, err.message  # pragma: no cover - every validator used in our schemas is translated above


# --------------------------------------------------------------------------- messages


def _field_name(path: list) -> str:
    parts: list[str] = []
    for p in path:
        if isinstance(p, int):
            parts.append(f"[{p + 1}]")
        else:
            parts.append(("." if parts else "") + str(p))
    return "".join(parts)


class _Reporter:
    def __init__(self):
        self.messages: list[str] = []
        self.warnings: list[str] = []
        self.files: dict[str, tuple[str, _Reader | None, Any]] = {}

    def item_label(self, coll: str, item: Any) -> str:
        if not isinstance(item, dict):
            return {"lessen": "les", "begrippen": "begrip", "casussen": "casus"}[coll]
        if coll == "lessen":
            return f"les {item.get('nummer', '?')} ('{item.get('titel', item.get('id', '?'))}')"
        if coll == "begrippen":
            return f"begrip '{item.get('term', item.get('id', '?'))}'"
        return f"casus '{item.get('titel', item.get('id', '?'))}'"

    def add(self, coll: str, path: list, text: str, warning: bool = False, line: int | None = None) -> None:
        rel, reader, data = self.files[coll]
        if reader is not None and line is None:
            probe = tuple(path)
            while probe and probe not in reader.lines:
                probe = probe[:-1]
            line = reader.lines.get(probe)
        where = f"{rel}:{line}" if line else rel
        subject = ""
        rest = list(path)
        if len(rest) >= 2 and rest[0] == coll and isinstance(rest[1], int):
            items = data.get(coll) if isinstance(data, dict) else None
            item = items[rest[1]] if isinstance(items, list) and rest[1] < len(items) else None
            subject = self.item_label(coll, item)
            rest = rest[2:]
        elif rest and rest[0] == coll:
            rest = rest[1:]
            subject = f"de lijst '{coll}'"
        label = ", ".join(x for x in [subject, f"veld '{_field_name(rest)}'" if rest else ""] if x)
        msg = f"{where}: {label + ': ' if label else ''}{text}"
        (self.warnings if warning else self.messages).append(msg)


def _strings(node: Any, path: tuple) -> list[tuple[tuple, str]]:
    if isinstance(node, str):
        return [(path, node)]
    if isinstance(node, list):
        return [s for i, item in enumerate(node) for s in _strings(item, path + (i,))]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, path + (k,))]
    return []


def load_module(data_dir: Path | str, root: Path | str | None = None) -> Module:
    """Read, validate and cross-check all collections. Raises ContentError with every problem found."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    rep = _Reporter()
    registry = _registry()
    raw: dict[str, Any] = {}

    for coll, filename in COLLECTIONS.items():
        path = data_dir / filename
        try:
            rel = str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            rel = str(path)
        if not path.exists():
            rep.files[coll] = (rel, None, None)
            rep.messages.append(f"{rel}: dit bestand ontbreekt")
            continue
        text, problem = _read_text(path, rel)
        if problem:
            rep.files[coll] = (rel, None, None)
            rep.messages.append(problem)
            continue
        if "\t" in "".join(line[: len(line) - len(line.lstrip(" \t"))] for line in text.splitlines()):
            bad = next(i for i, line in enumerate(text.splitlines(), 1)
                       if "\t" in line[: len(line) - len(line.lstrip(" \t"))])
            rep.files[coll] = (rel, None, None)
            rep.messages.append(f"{rel}:{bad}: er staat een tab in het inspringen. YAML wil spaties: "
                                f"vervang de tab door spaties")
            continue
        reader = _Reader(rel, text)
        data = reader.read()
        rep.messages.extend(reader.errors)
        rep.files[coll] = (rel, reader, data)
        if data is None:
            continue
        if not isinstance(data, dict):
            rep.add(coll, [], f"verwacht een blok met het veld '{coll}:', kreeg {_kind(data)}")
            continue
        validator = Draft202012Validator(_schema(coll), registry=registry)
        for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
            path_, text_ = _schema_message(err)
            rep.add(coll, path_, text_)
        # Text from YAML must never inject markup or load from another host (see README).
        for spath, s in _strings(data, ()):
            for offset, why in markup.problems(s):
                snippet = s[offset:offset + 20].split("\n")[0]
                rep.add(coll, list(spath), why, line=reader.line_of(spath, snippet))
        raw[coll] = data

    if rep.messages:
        raise ContentError(rep.messages)

    lessen = raw["lessen"]["lessen"]
    begrippen_l = raw["begrippen"]["begrippen"]
    casussen_l = raw["casussen"]["casussen"]
    _cross_check(rep, lessen, begrippen_l, casussen_l)
    if rep.messages:
        raise ContentError(rep.messages)
    return Module(
        lessen=sorted(lessen, key=lambda les: les["nummer"]),
        begrippen={b["id"]: b for b in begrippen_l},
        casussen={c["id"]: c for c in casussen_l},
        warnings=rep.warnings,
    )


def _unique(rep: _Reporter, coll: str, items: list[dict], key: str, what: str) -> set:
    seen: dict[Any, int] = {}
    for i, item in enumerate(items):
        value = item[key]
        if value in seen:
            rep.add(coll, [coll, i, key], f"{what} '{value}' bestaat al (bij item {seen[value] + 1}); kies een andere")
        else:
            seen[value] = i
    return set(seen)


def _cross_check(rep: _Reporter, lessen: list[dict], begrippen: list[dict], casussen: list[dict]) -> None:
    les_ids = _unique(rep, "lessen", lessen, "id", "de sleutel")
    nummers = _unique(rep, "lessen", lessen, "nummer", "lesnummer")
    expected = set(range(1, len(lessen) + 1))
    if nummers and nummers != expected:
        missing = sorted(expected - nummers)
        for i, les in enumerate(lessen):
            if les["nummer"] not in expected:
                rep.add("lessen", ["lessen", i, "nummer"],
                        f"lesnummers moeten 1 tot en met {len(lessen)} zijn zonder gaten"
                        + (f"; nummer {', '.join(map(str, missing))} ontbreekt" if missing else ""))
    term_ids = _unique(rep, "begrippen", begrippen, "id", "de sleutel")
    casus_ids = _unique(rep, "casussen", casussen, "id", "de sleutel")

    # Reflection question ids are unique in the whole module: answers are stored under them.
    seen_q: dict[str, str] = {}
    for coll, items, qkey in (("lessen", lessen, "reflectievragen"), ("casussen", casussen, "vragen")):
        for i, item in enumerate(items):
            for j, q in enumerate(item[qkey]):
                owner = f"{coll}/{item['id']}"
                if q["id"] in seen_q:
                    rep.add(coll, [coll, i, qkey, j, "id"],
                            f"vraag-sleutel '{q['id']}' bestaat al (bij {seen_q[q['id']]}); elke vraag heeft een eigen sleutel")
                else:
                    seen_q[q["id"]] = owner

    for i, les in enumerate(lessen):
        for j, ref in enumerate(les["begrippen"]):
            if ref not in term_ids:
                rep.add("lessen", ["lessen", i, "begrippen", j],
                        f"het begrip '{ref}' bestaat niet in data/begrippen.yaml")
        stappen = sum(s["minuten"] for s in les["werkvorm"]["stappen"])
        if stappen != les["werkvorm"]["duur"]:
            rep.add("lessen", ["lessen", i, "werkvorm", "duur"],
                    f"de stappen duren samen {stappen} minuten, maar 'duur' is {les['werkvorm']['duur']}")
    for i, c in enumerate(casussen):
        for j, ref in enumerate(c["lessen"]):
            if ref not in les_ids:
                rep.add("casussen", ["casussen", i, "lessen", j], f"de les '{ref}' bestaat niet in data/lessen.yaml")
        for j, ref in enumerate(c.get("begrippen", [])):
            if ref not in term_ids:
                rep.add("casussen", ["casussen", i, "begrippen", j],
                        f"het begrip '{ref}' bestaat niet in data/begrippen.yaml")
    for i, b in enumerate(begrippen):
        for j, ref in enumerate(b.get("zie_ook", [])):
            if ref not in term_ids:
                rep.add("begrippen", ["begrippen", i, "zie_ook", j], f"het begrip '{ref}' bestaat niet")
            elif ref == b["id"]:
                rep.add("begrippen", ["begrippen", i, "zie_ook", j], "een begrip kan niet naar zichzelf verwijzen")

    # Coverage: every lesson is illustrated by at least one vignette.
    covered = {ref for c in casussen for ref in c["lessen"]}
    for i, les in enumerate(lessen):
        if les["id"] not in covered:
            rep.add("lessen", ["lessen", i, "id"],
                    "geen enkele casus laat deze les zien; noem de les bij 'lessen' van een casus in data/casussen.yaml")

    used = {ref for les in lessen for ref in les["begrippen"]} | {ref for c in casussen for ref in c.get("begrippen", [])}
    for i, b in enumerate(begrippen):
        if b["id"] not in used:
            rep.add("begrippen", ["begrippen", i, "id"],
                    "geen les of casus gebruikt dit begrip; noem het bij 'begrippen' van een les of casus", warning=True)


_CACHE: dict[Path, tuple[tuple, Module]] = {}


def load_module_cached(data_dir: Path | str) -> Module:
    """``load_module`` once per change of the data files (the hook and the macros share one load)."""
    data_dir = Path(data_dir).resolve()
    stamp = tuple((f, (data_dir / f).stat().st_mtime_ns if (data_dir / f).exists() else None)
                  for f in COLLECTIONS.values())
    cached = _CACHE.get(data_dir)
    if cached and cached[0] == stamp:
        return cached[1]
    module = load_module(data_dir)
    _CACHE[data_dir] = (stamp, module)
    return module
