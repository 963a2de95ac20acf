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

    # A name (term, abbreviation or other form) belongs to one term: a word in the text links to one page.
    names: dict[str, tuple[int, str]] = {}
    for i, b in enumerate(begrippen):
        forms = [(["term"], b["term"]), (["afkorting"], b.get("afkorting"))]
        forms += [(["vormen", j], v) for j, v in enumerate(b.get("vormen", []))]
        for where, form in forms:
            if not isinstance(form, str):
                continue
            key = " ".join(form.split()).lower()
            owner = names.setdefault(key, (i, b["id"]))
            if owner[1] != b["id"]:
                rep.add("begrippen", ["begrippen", i, *where],
                        f"de naam '{form}' hoort al bij het begrip '{owner[1]}' (item {owner[0] + 1}); een woord in "
                        f"de tekst kan maar naar één begrip linken. Kies een andere naam, of laat deze vorm weg")

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




def check_trainers(rep: Reporter, bg: dict, lessen: list[dict], casussen: list[dict]) -> None:
    """The trainer's kit: every reference resolves, the parts of a meeting add up to its length, a group
    exercise gets the minutes it needs, every vignette has its key."""
    c = "begeleiders"
    les_by_id = {les["id"]: les for les in lessen}
    case_ids = {cs["id"] for cs in casussen}
    seen: dict[str, int] = {}
    for i, prog in enumerate(bg["programmas"]):
        if prog["id"] in seen:
            rep.add(c, [c, "programmas", i, "id"], f"de sleutel '{prog['id']}' bestaat al; kies een andere")
        seen[prog["id"]] = i
        for j, meeting in enumerate(prog["bijeenkomsten"]):
            here = [c, "programmas", i, "bijeenkomsten", j]
            for k, ref in enumerate(meeting["lessen"]):
                if ref not in les_by_id:
                    rep.add(c, here + ["lessen", k], f"de les '{ref}' bestaat niet in data/lessen.yaml")
            if meeting["casus"] not in case_ids:
                rep.add(c, here + ["casus"], f"de casus '{meeting['casus']}' bestaat niet in data/casussen.yaml")
            total = 0
            for k, part in enumerate(meeting["onderdelen"]):
                total += part["minuten"]
                where = here + ["onderdelen", k]
                if ("wat" in part) == ("werkvorm" in part):
                    rep.add(c, where, "geef 'wat' (een eigen onderdeel) of 'werkvorm' (de groepsopdracht van een "
                                      "les), niet allebei en niet geen van beide")
                ref = part.get("werkvorm")
                if ref is None:
                    continue
                if ref not in les_by_id:
                    rep.add(c, where + ["werkvorm"], f"de les '{ref}' bestaat niet in data/lessen.yaml")
                elif part["minuten"] != les_by_id[ref]["werkvorm"]["duur"]:
                    rep.add(c, where + ["minuten"],
                            f"de groepsopdracht van les {les_by_id[ref]['nummer']} duurt "
                            f"{les_by_id[ref]['werkvorm']['duur']} minuten, dit onderdeel {part['minuten']}")
            if total != meeting["duur"]:
                rep.add(c, here + ["duur"], f"de onderdelen duren samen {total} minuten, maar 'duur' is {meeting['duur']}")
    keyed: dict[str, int] = {}
    for i, key in enumerate(bg["sleutels"]):
        if key["casus"] not in case_ids:
            rep.add(c, [c, "sleutels", i, "casus"], f"de casus '{key['casus']}' bestaat niet in data/casussen.yaml")
        elif key["casus"] in keyed:
            rep.add(c, [c, "sleutels", i, "casus"], f"er is al een sleutel bij de casus '{key['casus']}'")
        keyed[key["casus"]] = i
    for cs in casussen:
        if cs["id"] not in keyed:
            rep.add(c, [c, "sleutels"], f"de casus '{cs['id']}' heeft nog geen sleutel; elke casus heeft er een")
    for i, q in enumerate(bg["evaluatie"]["vragen"]):
        if q["soort"] == "schaal" and not ("laag" in q and "hoog" in q):
            rep.add(c, [c, "evaluatie", "vragen", i], "een vraag met soort 'schaal' heeft 'laag' en 'hoog': wat 1 en 5 betekenen")
