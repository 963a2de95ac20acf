"""Dutch spelling: hunspell with the nl_NL dictionary plus the reviewed project word list
``data/woordenlijst.txt`` (names and domain terms that are correct but missing from the dictionary)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from ..paths import DATA

WORDLIST = DATA / "woordenlijst.txt"


def available() -> bool:
    return shutil.which("hunspell") is not None


def unknown_words(text: str, wordlist: Path = WORDLIST) -> list[str]:
    """Words hunspell (nl_NL) does not know, minus the project word list."""
    cmd = ["hunspell", "-d", "nl_NL", "-l"]
    if wordlist.exists():
        cmd += ["-p", str(wordlist)]
    text = re.sub(r"https?://\S+|\S+@\S+|\b[\w.-]+\.(nl|org|com|eu)\b", " ", text)
    # One word per line; parts of hyphenated words on their own ("Zorg- en Veiligheidshuis", "WODC-project").
    # A word ending in a hyphen is half of an elliptic compound ("Bestuurs- en Organisatiewetenschap").
    words = [part for word in re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*-?", text) if not word.endswith("-")
             for part in word.split("-") if part]
    out = subprocess.run(cmd, input="\n".join(words), capture_output=True, text=True, check=True).stdout
    return sorted(set(out.split()))


def unknown_words_per_text(texts: list[str], wordlist: Path = WORDLIST) -> list[list[str]]:
    """``unknown_words`` for many texts with one hunspell run (fast enough for `make check`)."""
    marker = "Kwkqzxjv"  # a word hunspell never knows, between the texts
    joined = f" {marker} ".join(texts)
    unknown = set(unknown_words(joined, wordlist)) - {marker}
    out = []
    for text in texts:
        words = set(re.findall(r"[^\W\d_]+", text))
        out.append(sorted(w for w in unknown if w in words))
    return out
