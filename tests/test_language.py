"""Language gates on the rendered pages: Flesch-Douma >= 60 and no unknown words (hunspell nl_NL).

They cover every content page: lessons, terms, vignettes, overviews, home and the fixed pages.
"""
from __future__ import annotations

import pytest

from scripts.leesbaarheid import score, syllables
from scripts.taalcheck import MIN_SCORE, content_pages, page_text, unknown_words


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
    assert hard.flesch_douma < MIN_SCORE


def test_page_text_skips_sources_and_navigation():
    html = ('<article class="md-content__inner"><h1>Titel<a class="headerlink">¶</a></h1><p>Een zin.</p>'
            '<div class="kln-bronnen"><ul><li>Noordegraaf, M. (2020). Titel.</li></ul></div>'
            '<nav class="kln-pager"><a>Volgende</a></nav></article>')
    assert page_text(html) == "Titel\nEen zin."


def test_spelling_check_finds_a_typo():
    assert unknown_words("De wijkagent belt de mentr over de samenwerking.") == ["mentr"]
    assert unknown_words("Het Zorg- en Veiligheidshuis en het WODC-rapport.") == []


def _pages(site):
    return [p for p in content_pages(site)]


def test_every_content_page_is_checked(built_site, module):
    rels = {str(p.relative_to(built_site).parent) for p in _pages(built_site)}
    expected = {f"lessen/{les['id']}" for les in module.lessen} | {f"begrippen/{b}" for b in module.begrippen} \
        | {f"casussen/{c}" for c in module.casussen} | {".", "lessen", "begrippen", "casussen",
                                                          "over-het-onderzoek", "privacy", "toegankelijkheid"}
    assert expected <= rels


def test_readability_of_every_content_page(built_site):
    too_hard = {}
    for page in _pages(built_site):
        s = score(page_text(page.read_text(encoding="utf-8")))
        assert s.words > 20, page
        if s.flesch_douma < MIN_SCORE:
            too_hard[str(page.relative_to(built_site).parent)] = round(s.flesch_douma, 1)
    assert too_hard == {}, f"Flesch-Douma below {MIN_SCORE}: {too_hard}"


def test_spelling_of_every_content_page(built_site):
    unknown = {}
    for page in _pages(built_site):
        words = unknown_words(page_text(page.read_text(encoding="utf-8")))
        if words:
            unknown[str(page.relative_to(built_site).parent)] = words
    assert unknown == {}, f"unknown words (fix, or add to data/woordenlijst.txt after review): {unknown}"
