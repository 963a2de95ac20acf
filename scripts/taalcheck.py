"""Language checks on the rendered site: Flesch-Douma reading ease and Dutch spelling per page.

    python -m scripts.taalcheck site            # report every content page
    python -m scripts.taalcheck site --strict   # exit 1 when a page scores below 60 or has unknown words

Both checks read the text a learner sees (the page's article), not the YAML source. Source lists and
citations (class ``kln-bronnen``) quotations of the report (``kln-citaat``) and
lists of links to other pages (``kln-verwijzingen``) are left out: they are titles, often in English, not our prose.
Spelling uses hunspell with the nl_NL dictionary plus the reviewed project word list
``data/woordenlijst.txt`` (names and domain terms that are correct but missing from the dictionary).
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from scripts.leesbaarheid import Score, score

ROOT = Path(__file__).resolve().parent.parent
WORDLIST = ROOT / "data" / "woordenlijst.txt"
MIN_SCORE = 60.0
# Parts of a page that are not running prose.
SKIP_SELECTORS = [".headerlink", ".kln-bronnen", ".kln-citaat", ".kln-verwijzingen", ".kln-pager", ".kln-meta", "script", "style", "code",
                  ".kln-vraag__fase", ".md-source-file", "nav", ".tabbed-labels", ".kln-az"]


@dataclass
class PageText:
    path: str
    text: str

    @property
    def score(self) -> Score:
        return score(self.text)


def page_text(html: str) -> str:
    """The article's visible text, one block (paragraph, list item, heading) per line."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.md-content__inner") or soup.body or soup
    for selector in SKIP_SELECTORS:
        for element in article.select(selector):
            element.decompose()
    # A definition term that is only a link (the A-Z index) is a label for another page, not prose.
    for dt in article.find_all("dt"):
        if dt.find("a") and dt.get_text(strip=True).startswith(dt.find("a").get_text(strip=True)):
            dt.decompose()
    lines = []
    blocks = ["p", "li", "h1", "h2", "h3", "h4", "td", "th", "summary", "dt", "dd", "label", "legend"]
    for element in article.find_all(lambda tag: tag.name in blocks or "kln-vraag__hint" in tag.get("class", [])):
        if element.find(["p", "li", "ul", "ol", "table"]):
            # Only the element's own text; nested blocks are visited on their own.
            own = "".join(t for t in element.find_all(string=True, recursive=False))
            text = own
        else:
            text = element.get_text(" ")
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            lines.append(text)
    return "\n".join(lines)


def content_pages(site: Path) -> list[Path]:
    """Every page a learner reads: all index.html files except search and the 404 page."""
    return sorted(p for p in site.rglob("index.html") if "search" not in p.parts and p.parent.name != "downloads")


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


def report(site: Path, strict: bool) -> int:
    failures = 0
    for path in content_pages(site):
        rel = str(path.relative_to(site).parent) or "."
        text = page_text(path.read_text(encoding="utf-8"))
        s = score(text)
        unknown = unknown_words(text)
        flag = ""
        if s.flesch_douma < MIN_SCORE:
            flag += "  TE MOEILIJK"
            failures += 1
        if unknown:
            flag += "  ONBEKEND: " + " ".join(unknown)
            failures += 1
        print(f"{rel:55} FD {s.flesch_douma:5.1f}  {s.words:5} woorden  {s.words_per_sentence:4.1f} w/zin{flag}")
    return 1 if strict and failures else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args(argv)
    return report(args.site, args.strict)


if __name__ == "__main__":
    sys.exit(main())
