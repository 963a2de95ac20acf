"""Search still finds what a learner looks for, after the index was trimmed (no knowledge-check answers,
no source lists, no backlinks; Mijn werkboek and Afronding left out): 20+ Dutch queries, each with the
page that must come first or second, in Material's own search in Chromium behind nginx."""
from __future__ import annotations

import json

import pytest

from helpers import Guard

QUERIES = [
    # terms, by abbreviation and by name
    ("ZVH", "begrippen/zorg-en-veiligheidshuis/"),
    ("AVG", "begrippen/avg-grondslag/"),
    ("WGS", "begrippen/wgs/"),
    ("PGA", "begrippen/persoonsgerichte-aanpak/"),
    ("RIEC", "begrippen/riec/"),
    ("NCTV", "begrippen/nctv/"),
    ("meldcode", "begrippen/meldcode/"),
    ("weegploeg", "begrippen/weegploeg/"),
    ("beroepsgeheim", "begrippen/beroepsgeheim/"),
    ("boundary spanner", "begrippen/boundary-spanner/"),
    ("Veilig Thuis", "begrippen/veilig-thuis/"),
    ("Wet politiegegevens", "begrippen/wet-politiegegevens/"),
    # vignettes, by a character or their title
    ("Lucas", "casussen/zorgen-op-school/"),
    ("Pakketjes op de fiets", "casussen/jonge-koeriers/"),
    ("Wat mag ik delen", "casussen/wat-mag-ik-delen/"),
    ("Langs elkaar heen", "casussen/langs-elkaar-heen/"),
    # a lesson's key idea
    ("gezamenlijke taal", "lessen/gezamenlijke-taal/"),
    ("pre-mortem", "lessen/ga-uit-van-barrieres/"),
    ("netwerkkaart", "lessen/verbinden-als-taak/"),
    ("leeragenda", "lessen/ruimte-voor-leren-en-netwerken/"),
    # help, and the trainer's kit
    ("112", "hulp-en-advies/"),
    ("spelregels", "begeleiders/spelregels/"),
]


@pytest.fixture(scope="module")
def search_page(chromium, served_site):
    guard = Guard()
    ctx = guard.attach(chromium.new_context())
    page = ctx.new_page()
    page.goto(served_site.url)
    page.locator(".md-search__input").click()     # opening search loads the index (assets/zoeken-later.js)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
    yield page
    ctx.close()
    assert guard.errors == [] and guard.foreign == []


def top_pages(page, query: str) -> list[str]:
    """The pages of the results, in order, once Material has answered this query."""
    box = page.locator(".md-search__input")
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.press_sequentially(query)
    try:
        page.wait_for_function("() => document.querySelector('.md-search-result__item > a')", timeout=5000)
    except Exception:   # no result at all
        return []
    page.wait_for_timeout(300)   # the list is complete once the worker answered the last keystroke
    return page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__item > a'))
        .map(a => new URL(a.href).pathname.replace(/^\\//, ''))""")


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_search_finds_the_right_page_first_or_second(search_page, query, expected):
    pages = list(dict.fromkeys(top_pages(search_page, query)))   # a page once, however many sections match
    assert expected in pages[:2], f"{query!r}: {json.dumps(pages[:4])}"


def test_the_index_holds_no_answers_no_workbook_and_no_source_lists(built_site, module):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"])
    # The knowledge check (its explanations would give the answers away in the results) is left out.
    questions = [q["vraag"] for les in module.lessen for q in les["kennischeck"]]
    assert not [q for q in questions if q in text]
    assert not [d["location"] for d in index["docs"] if d["location"].endswith("#kennischeck")]
    # Pages that only repeat what is elsewhere are left out.
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert not {"werkboek/", "afronding/", "begeleiders/groepsopdrachten/"} & locations
    assert not [d["location"] for d in index["docs"] if d["location"].endswith(("#bronnen", "#hier-gebruikt"))]
    # ...while the lessons' own text is all there.
    for les in module.lessen:
        assert les["kern"][:60] in text, les["id"]
