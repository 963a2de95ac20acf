"""Hints for authors, per lesson and term, from the YAML text: lengths the schema recommends,
Flesch-Douma per lesson, and (when hunspell is installed) words the dictionary does not know.
``make check`` prints them as warnings; they never stop a build."""
from __future__ import annotations

import json
import re

from ..content import Module
from ..paths import SCHEMA
from . import spelling
from .readability import MIN_AVERAGE, score

NOT_PROSE = {"id", "url", "lessen", "begrippen", "zie_ook", "fase", "bronnen", "bron", "vormen"}


def _prose(node) -> str:
    if isinstance(node, dict):
        return "\n".join(_prose(v) for k, v in node.items() if k not in NOT_PROSE)
    if isinstance(node, list):
        return "\n".join(_prose(x) for x in node)
    return node if isinstance(node, str) else ""


def _plain(markdown: str) -> str:
    return re.sub(r"\]\([^)]*\)|[*_\[\]#>]", " ", markdown)


def _recommended(schema_name: str, *path: str) -> dict:
    """The 'x-woorden' range the schema recommends for a field (an annotation, not a rule)."""
    node = json.loads((SCHEMA / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    for key in path:
        node = node[key]
    return node["x-woorden"]


def _count(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


def hints(module: Module, spell: bool = True) -> list[str]:
    out = []
    les_range = _recommended("lessen", "$defs", "les", "properties", "uitleg")
    term_range = _recommended("begrippen", "$defs", "begrip", "properties", "uitleg")
    items = [(f"les {les['nummer']} ('{les['titel']}')", les) for les in module.lessen]
    items += [(f"casus '{c['titel']}'", c) for c in module.casussen.values()]
    for les in module.lessen:
        n = sum(_count(d["tekst"]) for d in les["uitleg"])
        if not les_range["min"] <= n <= les_range["max"]:
            out.append(f"les {les['nummer']} ('{les['titel']}'): de uitleg telt {n} woorden; aanbevolen is "
                       f"{les_range['min']} tot {les_range['max']}")
    for b in module.begrippen.values():
        n = _count(b["uitleg"])
        if not term_range["min"] <= n <= term_range["max"]:
            out.append(f"begrip '{b['term']}': de uitleg telt {n} woorden; aanbevolen is "
                       f"{term_range['min']} tot {term_range['max']}")
    for label, item in items:
        s = score(_plain(_prose(item)))
        if s.flesch_douma < MIN_AVERAGE:
            out.append(f"{label}: leesbaarheid (Flesch-Douma) {s.flesch_douma:.0f}; streef naar {MIN_AVERAGE:.0f} "
                       f"of hoger: kortere zinnen, kortere woorden")
    if spell and spelling.available():
        texts = [(label, _plain(_prose(item))) for label, item in items]
        texts += [(f"begrip '{b['term']}'", _plain(_prose(b))) for b in module.begrippen.values()]
        unknown = spelling.unknown_words_per_text([t for _, t in texts])
        for (label, _), words in zip(texts, unknown):
            if words:
                out.append(f"{label}: onbekende woorden (tikfout? of voeg ze na controle toe aan "
                           f"data/woordenlijst.txt): {', '.join(words)}")
    return out

