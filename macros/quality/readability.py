"""Flesch-Douma reading ease for Dutch text.

Reading ease = 206.835 - 0.93 * (words per sentence) - 77 * (syllables per word).
Douma's bands: 60-70 is normal. The module's floors: every page at least MIN_PAGE, and the pages on
average at least MIN_AVERAGE (the writing guide aims for 65 or higher).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MIN_PAGE = 60.0
MIN_AVERAGE = 65.0

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
