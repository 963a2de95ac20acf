"""Checks across items and files: unique ids, lesson numbers, references, totals, coverage."""
from __future__ import annotations

from typing import Any

from .report import Reporter


def _unique(rep: Reporter, coll: str, items: list[dict], key: str, what: str) -> set:
    seen: dict[Any, int] = {}
    for i, item in enumerate(items):
        value = item[key]
        if value in seen:
            rep.add(coll, [coll, i, key], f"{what} '{value}' bestaat al (bij item {seen[value] + 1}); kies een andere")
        else:
            seen[value] = i
    return set(seen)


def cross_check(rep: Reporter, lessen: list[dict], begrippen: list[dict], casussen: list[dict]) -> None:
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
    _unique(rep, "casussen", casussen, "id", "de sleutel")

    # Question ids (reflection, vignette and knowledge-check questions) are unique in the whole module:
    # learners' answers and results are stored under them.
    seen_q: dict[str, str] = {}
    for coll, items, qkey in (("lessen", lessen, "reflectievragen"), ("lessen", lessen, "kennischeck"),
                              ("casussen", casussen, "vragen")):
        for i, item in enumerate(items):
            for j, q in enumerate(item[qkey]):
                owner = f"{coll}/{item['id']}"
                if q["id"] in seen_q:
                    rep.add(coll, [coll, i, qkey, j, "id"],
                            f"vraag-sleutel '{q['id']}' bestaat al (bij {seen_q[q['id']]}); elke vraag heeft een eigen sleutel")
                else:
                    seen_q[q["id"]] = owner

    # A knowledge-check question has one right option ('een') or at least two, and a wrong one ('meer').
    for i, les in enumerate(lessen):
        for j, q in enumerate(les["kennischeck"]):
            right = sum(1 for o in q["opties"] if o["juist"])
            where = ["lessen", i, "kennischeck", j, "opties"]
            if q["soort"] == "een" and right != 1:
                rep.add("lessen", where, f"een vraag met soort 'een' heeft precies één goed antwoord (juist: true); "
                                         f"nu {right}")
            if q["soort"] == "meer" and not 2 <= right < len(q["opties"]):
                rep.add("lessen", where, f"een vraag met soort 'meer' heeft minstens twee goede antwoorden en minstens "
                                         f"één fout antwoord; nu {right} goed van de {len(q['opties'])}")

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


