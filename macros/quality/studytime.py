"""Honest study time: what a lesson or vignette takes, computed from its text.

Reading at 200 words a minute, plus 3 minutes for every question the learner answers in writing
(reflection and vignette questions) and 1 minute for every knowledge-check question (its options and
explanations count as reading). The stated ``studietijd`` of every lesson and vignette must agree with
this within 25 %. The group exercise's steps count as reading too: a self-study learner reads the whole
page.
"""
from __future__ import annotations

import re

WORDS_PER_MINUTE = 200
MINUTES_PER_QUESTION = 3
MINUTES_PER_CHECK = 1
TOLERANCE = 0.25
# Fields that are not read as text: keys, numbers, enumerations and the list of sources.
NOT_READ = {"id", "nummer", "studietijd", "fase", "wereld", "bronnen", "url", "lessen", "begrippen", "minuten",
            "duur"}

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def words(node) -> int:
    """The number of words in every text of ``node`` that a learner reads."""
    if isinstance(node, str):
        return len(_WORD.findall(node))
    if isinstance(node, list):
        return sum(words(x) for x in node)
    if isinstance(node, dict):
        return sum(words(v) for k, v in node.items() if k not in NOT_READ)
    return 0


def computed_minutes(item: dict, questions: str) -> float:
    """The study time computed from the text: reading, writing answers, answering the knowledge check."""
    return (words(item) / WORDS_PER_MINUTE + MINUTES_PER_QUESTION * len(item[questions])
            + MINUTES_PER_CHECK * len(item.get("kennischeck", [])))


def check(kind: str, item: dict) -> str | None:
    """A message when the stated study time is more than 25 % off the computed one, else None."""
    questions = "reflectievragen" if kind == "lessen" else "vragen"
    computed = computed_minutes(item, questions)
    stated = item["studietijd"]
    if abs(stated - computed) > TOLERANCE * computed:
        return (f"studietijd is {stated} minuten, maar uit de tekst volgt ongeveer {round(computed)} minuten "
                f"({words(item)} woorden lezen en {len(item[questions]) + len(item.get('kennischeck', []))} vragen "
                f"beantwoorden). Maak het "
                f"verschil kleiner dan 25 %: zet de studietijd tussen {int(computed * 0.75) + 1} en "
                f"{int(computed * 1.25)} minuten")
    return None
