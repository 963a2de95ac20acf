"""Messages that say where: '<file>:<line>: <item>, veld '<field>': <what is wrong>'."""
from __future__ import annotations

from typing import Any

from .reader import Reader


def _field_name(path: list) -> str:
    parts: list[str] = []
    for p in path:
        if isinstance(p, int):
            parts.append(f"[{p + 1}]")
        else:
            parts.append(("." if parts else "") + str(p))
    return "".join(parts)


def _trainer_subject(bg: Any, rest: list) -> tuple[str, list]:
    """'programma 'Vier bijeenkomsten', bijeenkomst 2 ('Dezelfde woorden')' and the field path after it;
    'sleutel bij casus 'x'', 'spelregel 3', 'evaluatie, vraag 2'."""
    def pick(items: Any, i: Any) -> Any:
        return items[i] if isinstance(items, list) and isinstance(i, int) and i < len(items) else None

    if not isinstance(bg, dict) or not rest:
        return "de begeleidersmap", rest
    part = rest[0]
    if part == "programmas" and len(rest) >= 2:
        prog = pick(bg.get("programmas"), rest[1])
        subject = f"programma '{prog.get('titel', prog.get('id', '?'))}'" if isinstance(prog, dict) \
            else f"programma {rest[1] + 1 if isinstance(rest[1], int) else '?'}"
        rest = rest[2:]
        if len(rest) >= 2 and rest[0] == "bijeenkomsten" and isinstance(rest[1], int):
            meeting = pick(prog.get("bijeenkomsten") if isinstance(prog, dict) else None, rest[1])
            name = f" ('{meeting['titel']}')" if isinstance(meeting, dict) and "titel" in meeting else ""
            subject += f", bijeenkomst {rest[1] + 1}{name}"
            rest = rest[2:]
            if len(rest) >= 2 and rest[0] == "onderdelen" and isinstance(rest[1], int):
                subject += f", onderdeel {rest[1] + 1}"
                rest = rest[2:]
        return subject, rest
    if part == "sleutels" and len(rest) >= 2:
        key = pick(bg.get("sleutels"), rest[1])
        casus = key.get("casus") if isinstance(key, dict) else None
        return (f"sleutel bij casus '{casus}'" if casus else f"sleutel {rest[1] + 1}"), rest[2:]
    if part == "spelregels" and len(rest) >= 3 and rest[1] == "regels" and isinstance(rest[2], int):
        return f"spelregel {rest[2] + 1}", rest[3:]
    if part == "evaluatie" and len(rest) >= 3 and rest[1] == "vragen" and isinstance(rest[2], int):
        return f"evaluatie, vraag {rest[2] + 1}", rest[3:]
    return "de begeleidersmap", rest


class Reporter:
    def __init__(self):
        self.messages: list[str] = []
        self.warnings: list[str] = []
        self.files: dict[str, tuple[str, Reader | None, Any]] = {}

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
        if coll == "begeleiders" and isinstance(data, dict):
            subject, rest = _trainer_subject(data.get(coll), rest[1:])
        elif len(rest) >= 2 and rest[0] == coll and isinstance(rest[1], int):
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


def strings(node: Any, path: tuple) -> list[tuple[tuple, str]]:
    if isinstance(node, str):
        return [(path, node)]
    if isinstance(node, list):
        return [s for i, item in enumerate(node) for s in strings(item, path + (i,))]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in strings(v, path + (k,))]
    return []


