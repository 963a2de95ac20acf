"""Language gates on the rendered pages: Flesch-Douma at least 60 on every page and 65 on average,
Dutch spelling (hunspell nl_NL plus data/woordenlijst.txt), abbreviations written in full at first use,
and no run of ten words copied from the public page the project started from."""
from __future__ import annotations

import re

import pytest

from helpers import FIXTURES
from macros.quality import spelling
from macros.quality.pagetext import content_pages, page_text
from macros.quality.readability import MIN_AVERAGE, MIN_PAGE, score, syllables

pytestmark = pytest.mark.site


@pytest.mark.parametrize("word,count", [
    ("samenwerking", 4), ("ideeën", 3), ("coördinator", 5), ("politie", 3), ("wijkteam", 2),
    ("beroepsgeheim", 4), ("leeuw", 1), ("mooi", 1), ("vertrouwelijk", 4), ("ui", 1), ("a", 1),
])
def test_dutch_syllable_counter(word, count):
    assert syllables(word) == count


def test_flesch_douma_formula():
    s = score("De agent belt de mentor. Zij praten kort.")
    # 8 words, 2 sentences, 11 syllables (de a-gent belt de men-tor zij pra-ten kort)
    assert (s.words, s.sentences, s.syllables) == (8, 2, 11)
    assert s.flesch_douma == pytest.approx(206.835 - 0.93 * 4 - 77 * 11 / 8)
    hard = score("Interorganisationele samenwerkingsverbanden vereisen institutionele verankering en professionalisering.")
    assert hard.flesch_douma < MIN_PAGE


def test_page_text_skips_sources_and_navigation():
    html = ('<article class="md-content__inner"><h1>Titel<a class="headerlink">¶</a></h1><p>Een zin.</p>'
            '<div class="kln-bronnen"><ul><li>Noordegraaf, M. (2020). Titel.</li></ul></div>'
            '<nav class="kln-pager"><a>Volgende</a></nav></article>')
    assert page_text(html) == "Titel\nEen zin."


def test_spelling_check_finds_a_typo():
    assert spelling.unknown_words("De wijkagent belt de mentr over de samenwerking.") == ["mentr"]
    assert spelling.unknown_words("Het Zorg- en Veiligheidshuis en het WODC-rapport.") == []


@pytest.fixture(scope="module")
def texts(built_site) -> dict[str, str]:
    return {str(p.relative_to(built_site).parent): page_text(p.read_text(encoding="utf-8"))
            for p in content_pages(built_site)}


def test_every_content_page_is_checked(texts, module):
    expected = {f"lessen/{les['id']}" for les in module.lessen} | {f"begrippen/{b}" for b in module.begrippen} \
        | {f"casussen/{c}" for c in module.casussen} | {".", "lessen", "begrippen", "casussen", "hulp-en-advies",
                                                          "over-het-onderzoek", "privacy", "toegankelijkheid"}
    assert expected <= set(texts)


def test_readability_of_every_content_page(texts):
    scores = {path: score(text) for path, text in texts.items()}
    assert all(s.words > 20 for s in scores.values())
    too_hard = {path: round(s.flesch_douma, 1) for path, s in scores.items() if s.flesch_douma < MIN_PAGE}
    assert too_hard == {}, f"Flesch-Douma below {MIN_PAGE}: {too_hard}"
    average = sum(s.flesch_douma for s in scores.values()) / len(scores)
    assert average >= MIN_AVERAGE, f"average Flesch-Douma {average:.1f} is below {MIN_AVERAGE}"


def test_spelling_of_every_content_page(texts):
    unknown = spelling.unknown_words_per_text(list(texts.values()))
    found = {path: words for path, words in zip(texts, unknown) if words}
    assert found == {}, f"unknown words (fix, or add to data/woordenlijst.txt after review): {found}"


def full_forms(begrip: dict) -> list[str]:
    """The written-out forms of a term with an abbreviation: the term and its other forms, except those
    that contain the abbreviation itself (AVG-grondslag) or are abbreviations (MAR)."""
    abbr = begrip["afkorting"]
    return [f for f in [begrip["term"], *begrip.get("vormen", [])]
            if not f.isupper() and abbr not in re.split(r"[\W_]+", f)]


def abbreviations_before_full_form(text: str, module) -> list[str]:
    """Abbreviations whose first use in the running text (after the page's title) comes without a
    written-out form before it, on the same line (a paragraph or a list item) or on the line after."""
    lines = text.split("\n")[1:]
    late = []
    for b in module.begrippen.values():
        abbr = b.get("afkorting")
        if not abbr:
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])")
        first = next((i for i, line in enumerate(lines) if pattern.search(line)), None)
        if first is None:
            continue
        window = " ".join(lines[: first + 2]).lower()
        if not any(form.lower() in window for form in full_forms(b)):
            late.append(abbr)
    return late


def test_abbreviations_are_written_in_full_at_first_use(texts, module):
    late = {path: found for path, text in texts.items() if (found := abbreviations_before_full_form(text, module))}
    assert late == {}, f"abbreviation before its full form: {late}"
    assert abbreviations_before_full_form("Titel\nDe WGS geldt.\nMeer tekst.", module) == ["WGS"]


def _shingles(text: str, n: int = 10) -> set[tuple[str, ...]]:
    words = re.findall(r"[\w'’-]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_ten_words_copied_from_the_public_page(texts):
    source = _shingles((FIXTURES / "bron" / "publieke-pagina.txt").read_text(encoding="utf-8"))
    copied = {path: " ".join(sorted(_shingles(text) & source)[0]) for path, text in texts.items()
              if _shingles(text) & source}
    assert copied == {}, copied
    assert _shingles("Het onderzoek keek naar wat de aanpak van terrorisme en de aanpak van criminaliteit van "
                     "elkaar kunnen leren.") & source, "the check finds a copied sentence"
