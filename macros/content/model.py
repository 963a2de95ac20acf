"""The module's content after loading and validation: lessons, terms and vignettes, plus the indexes
derived from them. Computed once per Module (``cached_property``), never kept between loads."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

TOKEN_RE = re.compile(r"[\w-]+")  # a word: a run of letters, digits and hyphens

# One form of a term: its words, the separators between them, whether case must match, the term id.
TermForm = tuple[list[str], list[str], bool, str]


def term_index(begrippen: dict[str, dict]) -> dict[str, list[TermForm]]:
    """Every form of every term (term, abbreviation, other forms), indexed by its first word in lower
    case, longest forms first. A dictionary look-up per word keeps glossary linking linear in the length
    of the text, however many terms there are."""
    index: dict[str, list[TermForm]] = {}
    for bid, b in begrippen.items():
        for form in {b["term"], b.get("afkorting"), *b.get("vormen", [])} - {None}:
            matches = list(TOKEN_RE.finditer(form))
            if not matches:
                continue
            words = [m.group(0) for m in matches]
            seps = [" ".join(form[a.end():c.start()].split()) for a, c in zip(matches, matches[1:])]
            exact = form.isupper()  # abbreviations match case-sensitively (AVG), other forms in any case
            index.setdefault(words[0].lower(), []).append(
                ([w if exact else w.lower() for w in words], seps, exact, bid))
    for entries in index.values():
        entries.sort(key=lambda e: (-len(e[0]), e[3]))
    return index


@dataclass
class Module:
    lessen: list[dict]                 # in lesson order
    begrippen: dict[str, dict]         # id -> term, in file order
    casussen: dict[str, dict]          # id -> vignette, in file order
    hulp: dict                         # the page 'Hulp en advies'
    begeleiders: dict                  # the trainer's kit: programmes, ground rules, keys, evaluation
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def programmas(self) -> dict[str, dict]:
        """The trainer's programmes by id, in file order."""
        return {p["id"]: p for p in self.begeleiders["programmas"]}

    @cached_property
    def sleutels(self) -> dict[str, dict]:
        """The trainer's key per vignette, in the order of the vignettes."""
        keys = {k["casus"]: k for k in self.begeleiders["sleutels"]}
        return {cid: keys[cid] for cid in self.casussen}

    @cached_property
    def les_by_id(self) -> dict[str, dict]:
        return {les["id"]: les for les in self.lessen}

    @cached_property
    def _casussen_per_les(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {les["id"]: [] for les in self.lessen}
        for c in self.casussen.values():
            for ref in c["lessen"]:
                out[ref].append(c)
        return out

    def casussen_bij_les(self, les_id: str) -> list[dict]:
        """Vignettes that illustrate a lesson (derived from each vignette's ``lessen``)."""
        return self._casussen_per_les[les_id]

    @cached_property
    def _gebruik(self) -> dict[str, tuple[list[dict], list[dict]]]:
        out: dict[str, tuple[list[dict], list[dict]]] = {bid: ([], []) for bid in self.begrippen}
        for les in self.lessen:
            for ref in les["begrippen"]:
                out[ref][0].append(les)
        for c in self.casussen.values():
            for ref in c.get("begrippen", []):
                out[ref][1].append(c)
        return out

    def gebruik_van_begrip(self, begrip_id: str) -> tuple[list[dict], list[dict]]:
        """Backlinks: the lessons and vignettes that use a term (derived from their ``begrippen``)."""
        return self._gebruik[begrip_id]

    def alle_vragen(self) -> list[tuple[str, str, dict]]:
        """Every reflection question: (kind, owner id, question), lessons first, in order."""
        out = [("les", les["id"], q) for les in self.lessen for q in les["reflectievragen"]]
        out += [("casus", c["id"], q) for c in self.casussen.values() for q in c["vragen"]]
        return out

    @cached_property
    def kennischeck_ids(self) -> list[str]:
        return [q["id"] for les in self.lessen for q in les["kennischeck"]]

    @cached_property
    def vraag_ids(self) -> list[str]:
        """The ids under which learners' work is stored: reflection, vignette and knowledge-check questions."""
        return [q["id"] for _, _, q in self.alle_vragen()] + self.kennischeck_ids

    @cached_property
    def term_index(self) -> dict[str, list[TermForm]]:
        """Every form of every term, by its first word: what glossary linking looks up."""
        return term_index(self.begrippen)

    @cached_property
    def studietijd_lessen(self) -> int:
        return sum(les["studietijd"] for les in self.lessen)

    @cached_property
    def studietijd_casussen(self) -> int:
        return sum(c["studietijd"] for c in self.casussen.values())

    @cached_property
    def studietijd_totaal(self) -> int:
        """The stated study time of the whole module: every lesson and every vignette."""
        return self.studietijd_lessen + self.studietijd_casussen
