"""The module's editorial floors, in one place, each with a Dutch message.

``make check`` prints them as warnings (an author mid-edit is not blocked); ``make test`` fails on them
(tests/test_quality_floors.py), so what is published meets them.
"""
from __future__ import annotations

from ..content import Module
from . import studytime

MIN_TERMS = 50                 # terms in the glossary
MIN_TERMS_WITH_WORLDS = 20     # terms with a meaning per professional world

# Safety: where the module talks about signals and reporting, it names the acute route. The lesson and
# the terms are named by id; each must mention 112 and the police.
ACUTE_ROUTE = {"lessen": ["oog-voor-radicalisering"],
               "begrippen": ["signaal", "melding", "meldpunt-radicalisering"]}


def _text(node) -> str:
    if isinstance(node, dict):
        return " ".join(_text(v) for v in node.values())
    if isinstance(node, list):
        return " ".join(_text(v) for v in node)
    return node if isinstance(node, str) else ""


def problems(module: Module) -> list[str]:
    out = []
    if len(module.begrippen) < MIN_TERMS:
        out.append(f"de begrippenlijst heeft {len(module.begrippen)} begrippen; het minimum is {MIN_TERMS}")
    with_worlds = sum(1 for b in module.begrippen.values() if b.get("perspectieven"))
    if with_worlds < MIN_TERMS_WITH_WORLDS:
        out.append(f"{with_worlds} begrippen hebben een betekenis per werkveld (perspectieven); het minimum is "
                   f"{MIN_TERMS_WITH_WORLDS}")
    items = {"lessen": module.les_by_id, "begrippen": module.begrippen}
    for kind, ids in ACUTE_ROUTE.items():
        for item_id in ids:
            item = items[kind].get(item_id)
            if item is None:
                out.append(f"{kind}: '{item_id}' ontbreekt; daar hoort de route bij acuut gevaar (112, politie)")
                continue
            text = _text(item)
            if "112" not in text or "politie" not in text.lower():
                out.append(f"{kind} '{item_id}': noemt niet zowel 112 als de politie (acuut gevaar en dreiging)")
    for les in module.lessen:
        why = studytime.check("lessen", les)
        if why:
            out.append(f"les {les['nummer']} ('{les['titel']}'): {why}")
    for casus in module.casussen.values():
        why = studytime.check("casussen", casus)
        if why:
            out.append(f"casus '{casus['titel']}': {why}")
    return out
