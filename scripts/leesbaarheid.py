"""Flesch-Douma reading ease for Dutch text.

Reading ease = 206.835 - 0.93 * (words per sentence) - 77 * (syllables per word).
Douma's bands: 60-70 is normal; this module aims for 65 and fails below 60.

Usable as a library (``score``) and from the command line:

    python scripts/leesbaarheid.py --yaml data/lessen.yaml     # per item, from the YAML source
    python scripts/leesbaarheid.py --site site                  # per page, from the rendered HTML
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass

VOWELS = "aeiouyáàâäéèêëíìîïóòôöúùûü"
# A vowel with a diaeresis starts a new syllable (ideeën, coördinator, reïntegratie).
DIAERESIS = "äëïöü"
WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
# A sentence ends at . ! ? or : followed by whitespace and an upper-case letter or a digit,
# or at the end of a line (list items and headings count as sentences).
SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|\n+")


def syllables(word: str) -> int:
    """Count Dutch syllables: each group of adjacent vowels is one syllable.

    'ij' counts as a vowel; a diaeresis starts a new group; a word has at least one syllable.
    """
    w = word.lower().replace("ij", "\u0001")
    count = 0
    in_group = False
    for ch in w:
        if ch == "\u0001" or ch in VOWELS:
            if not in_group or ch in DIAERESIS:
                count += 1
            in_group = True
        else:
            in_group = False
    return max(count, 1)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in SENTENCE_END_RE.split(text)]
    return [p for p in parts if words(p)]


@dataclass
class Score:
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def flesch_douma(self) -> float:
        return 206.835 - 0.93 * self.words_per_sentence - 77 * self.syllables_per_word


def score(text: str) -> Score:
    sents = sentences(text)
    ws = [w for s in sents for w in words(s)]
    return Score(words=len(ws), sentences=len(sents), syllables=sum(syllables(w) for w in ws))


def _strings(node) -> list[str]:
    """All string values in a YAML tree, except keys, ids and urls."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in ("id", "url", "lessen", "begrippen", "zie_ook", "fase")
                for s in _strings(v)]
    return []


def _yaml_report(path: str) -> int:
    import yaml

    with open(path, encoding="utf-8-sig") as fh:
        data = yaml.safe_load(fh)
    (items,) = data.values()
    for item in items:
        text = "\n".join(_strings(item))
        s = score(text)
        print(f"{item.get('id', '?'):40} FD {s.flesch_douma:5.1f}  woorden {s.words:5}  "
              f"w/zin {s.words_per_sentence:4.1f}  lett/w {s.syllables_per_word:4.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--yaml", help="score each item of a data file")
    ap.add_argument("text", nargs="?", help="score a plain text file")
    args = ap.parse_args(argv)
    if args.yaml:
        return _yaml_report(args.yaml)
    text = open(args.text, encoding="utf-8").read() if args.text else sys.stdin.read()
    s = score(text)
    print(f"Flesch-Douma {s.flesch_douma:.1f}; {s.words} woorden, {s.sentences} zinnen, "
          f"{s.words_per_sentence:.1f} woorden per zin, {s.syllables_per_word:.2f} lettergrepen per woord")
    return 0


if __name__ == "__main__":
    sys.exit(main())
