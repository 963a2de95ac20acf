"""The real site, built once with --strict: every page, every link, nothing from another host.

Properties of whatever content there is: every lesson, term and vignette has its page and heading,
backlinks, tooltips and tabs match the data. Content-specific expectations live in the fixture tests."""
from __future__ import annotations

import re
import subprocess

import pytest

from helpers import ROOT, VENV_BIN, StaticServer, broken_local_links, external_resources, heading, html_pages, soup
from macros.site import names
from macros.site.render import WERELDEN, sort_key


def test_every_generated_page_exists_with_its_heading(built_site, module):
    items = {"lessen": module.lessen, "casussen": module.casussen.values(), "begrippen": module.begrippen.values(),
             "programmas": module.programmas.values()}
    for kind, collection in items.items():
        for item in collection:
            h1s = soup(built_site, names.page_url(kind, item["id"])).find_all("h1")
            assert [heading(h) for h in h1s] == [names.title(kind, item)], (kind, item["id"])


@pytest.mark.parametrize("page,title", [
    ("index.html", "Krachtig lerende netwerken"), ("lessen/index.html", "Lessen"),
    ("begrippen/index.html", "Begrippen"), ("casussen/index.html", "Casussen"),
    ("over-het-onderzoek/index.html", "Over het onderzoek"), ("privacy/index.html", "Privacy"),
    ("toegankelijkheid/index.html", "Toegankelijkheid"), ("begeleiders/index.html", "Voor begeleiders"),
    ("hulp-en-advies/index.html", "Hulp en advies"), ("afronding/index.html", "Afronding"),
    ("begeleiders/spelregels/index.html", "Spelregels voor een gemengde groep"),
    ("begeleiders/sleutels/index.html", "Sleutels bij de casussen"),
    ("begeleiders/groepsopdrachten/index.html", "Groepsopdrachten"),
    ("begeleiders/evaluatie/index.html", "Evaluatieformulier"),
])
def test_fixed_pages_exist(built_site, page, title):
    parsed = soup(built_site, page)
    assert parsed.html["lang"] == "nl"
    assert [heading(h) for h in parsed.find_all("h1")] == [title]


def test_trainer_section_has_every_programme_key_and_card(built_site, module):
    # The overview leads to each programme, and each programme page has every meeting with its parts.
    overview = soup(built_site, "begeleiders/")
    links = {a.get_text(" ", strip=True): a["href"] for a in overview.select("article a[href]")}
    for p in module.programmas.values():
        assert links[p["titel"]].rstrip("/").endswith(p["id"])
        page = soup(built_site, names.page_url("programmas", p["id"]))
        h2s = [heading(h) for h in page.select("article h2")]
        for n, b in enumerate(p["bijeenkomsten"], 1):
            assert names.meeting_title(n, b) in h2s
    assert links["De begeleidersmap als PDF"] == "../downloads/begeleidersmap.pdf"
    # A key per vignette, a card per lesson: each with the anchor the programmes link to.
    keys = soup(built_site, "begeleiders/sleutels/")
    assert [h["id"] for h in keys.select("article h2[id^=sleutel-]")] == \
        [names.anchor("sleutels", cid) for cid in module.casussen]
    cards = soup(built_site, "begeleiders/groepsopdrachten/")
    assert [heading(h) for h in cards.select("article h2")] == [names.exercise_title(les) for les in module.lessen]
    # The home page offers the begeleidersmap with the other downloads.
    home = soup(built_site, "")
    assert home.select_one("a[href='downloads/begeleidersmap.pdf'][download]") is not None


def test_lesson_overview_lists_every_lesson(built_site, module):
    html = (built_site / "lessen/index.html").read_text(encoding="utf-8")
    for les in module.lessen:
        assert f'href="{les["id"]}/"' in html
        assert f"ongeveer {les['studietijd']} minuten" in html


def _linkcheck(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "linkchecker"), "-f", str(ROOT / "linkcheckerrc"), url],
                          capture_output=True, text=True, timeout=600)


def test_linkchecker_finds_no_broken_link(full_site, served_site):
    """Every link of every page, the assets and the downloads, over HTTP behind nginx."""
    result = _linkcheck(served_site.url)
    assert result.returncode == 0, result.stdout[-5000:]
    checked = int(re.search(r"(\d+) links? in \d+ URLs? checked", result.stdout).group(1))
    assert checked > 2 * len(html_pages(full_site)), result.stdout[-2000:]
    assert re.search(r"\b0 warnings found\. 0 errors found", result.stdout), result.stdout[-2000:]


def test_linkchecker_reports_a_broken_page(tmp_path):
    (tmp_path / "index.html").write_text('<html><body><a href="er/">er</a> <a href="weg/">weg</a></body></html>')
    (tmp_path / "er").mkdir()
    (tmp_path / "er" / "index.html").write_text("<html><body><p>Hier.</p></body></html>")
    with StaticServer(tmp_path) as server:
        broken = _linkcheck(server.url)
    assert broken.returncode != 0
    assert "weg/" in broken.stdout and re.search(r"\b1 error found", broken.stdout), broken.stdout[-3000:]


def test_every_anchor_of_every_link_exists(full_site):
    """Every link to a place on a page ('#...') of the site points at an element with that id.
    (linkchecker's AnchorCheck fetches a page again for every fragment: 27 s instead of 3 s.)"""
    assert broken_local_links(full_site, served_at_root=True) == []


def test_the_anchor_check_can_fail(tmp_path):
    (tmp_path / "index.html").write_text('<a href="er/#hier">ja</a><a href="er/#nergens">nee</a>')
    (tmp_path / "er").mkdir()
    (tmp_path / "er" / "index.html").write_text('<h2 id="hier">Hier</h2>')
    assert broken_local_links(tmp_path) == ["index.html: er/#nergens"]


def test_no_page_loads_anything_from_another_host(built_site):
    assert external_resources(built_site) == []


def test_external_resource_check_can_fail(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.org/x.js"></script></head><body>'
        '<a href="https://www.wodc.nl/">bron</a><img src="https://example.org/a.png"></body></html>')
    found = external_resources(tmp_path)
    assert len(found) == 3 and not any("wodc" in f for f in found)


def _section_links(parsed, title: str) -> list[str]:
    h2 = next(h for h in parsed.find_all("h2") if heading(h) == title)
    block = h2.find_next_sibling()
    return [a.get_text().strip() for a in block.find_all("a")]


def test_term_pages_list_their_backlinks_from_the_data(built_site, module):
    for bid in module.begrippen:
        lessen, casussen = module.gebruik_van_begrip(bid)
        expected = [names.lesson_title(les) for les in lessen] + [f"Casus: {c['titel']}" for c in casussen]
        assert expected, f"{bid} is used nowhere"
        assert _section_links(soup(built_site, f"begrippen/{bid}"), "Hier gebruikt") == expected, bid


def test_glossary_terms_link_once_per_page_with_their_tooltip(built_site, module):
    linked_somewhere = set()
    for kind, items in (("lessen", [les["id"] for les in module.lessen]), ("casussen", list(module.casussen))):
        for item in items:
            article = soup(built_site, f"{kind}/{item}").select_one("article")
            tooltips = [a for a in article.find_all("a", title=True) if "/begrippen/" in a["href"]]
            targets = [a["href"].rstrip("/").split("/")[-1] for a in tooltips]
            assert len(targets) == len(set(targets)), f"{kind}/{item}: a term is linked twice"
            for a, bid in zip(tooltips, targets):
                assert a["title"] == module.begrippen[bid]["kort"], (item, bid)
            linked_somewhere |= set(targets)
    assert len(linked_somewhere) >= 30, sorted(set(module.begrippen) - linked_somewhere)


def test_glossary_index_is_a_to_z_with_short_definitions(built_site, module):
    parsed = soup(built_site, "begrippen")
    terms = [dt.get_text().strip() for dt in parsed.select("article dt")]
    assert len(terms) == len(module.begrippen)
    assert terms == sorted(terms, key=sort_key)
    assert parsed.select_one("article dd").get_text().strip() in {b["kort"] for b in module.begrippen.values()}


def test_perspectives_are_tabs_per_world(built_site, module):
    with_perspectives = [b for b in module.begrippen.values() if b.get("perspectieven")]
    for b in with_perspectives:
        labels = [label.get_text() for label in soup(built_site, f"begrippen/{b['id']}").select(".tabbed-labels label")]
        assert labels == [WERELDEN[w] for w in b["perspectieven"]], b["id"]


def test_vignette_pages_show_every_partner_as_a_tab(built_site, module):
    for cid, casus in module.casussen.items():
        article = soup(built_site, f"casussen/{cid}").select_one("article")
        assert "Deze casus is verzonnen" in article.get_text()
        sets = article.select(".tabbed-set")
        assert len(sets) == len(casus["scenes"]), cid
        for scene, tabset in zip(casus["scenes"], sets):
            assert [label.get_text() for label in tabset.select(".tabbed-labels label")] == \
                [p["rol"] for p in scene["perspectieven"]]
            assert len(tabset.select(".tabbed-block")) == len(scene["perspectieven"])
        debrief = article.find("details")
        assert debrief is not None and not debrief.has_attr("open"), cid
        assert "Eerst zelf nadenken" in debrief.summary.get_text()
        assert [q["data-vraag"] for q in article.select(".kln-vraag")] == [q["id"] for q in casus["vragen"]]


def test_every_lesson_is_illustrated_by_vignettes(built_site, module):
    counts = {les["id"]: len(module.casussen_bij_les(les["id"])) for les in module.lessen}
    assert min(counts.values()) >= 1, counts
    for les in module.lessen:
        links = _section_links(soup(built_site, f"lessen/{les['id']}"), "Meer bij deze les")
        for casus in module.casussen_bij_les(les["id"]):
            assert casus["titel"] in links, (les["id"], casus["id"])


def test_the_contents_label_is_there_exactly_where_its_checkbox_is(built_site, module):
    # overrides/partials/toc.html writes the "Inhoud" label (for="__toc") only on pages in the navigation
    # that are not a section index; Material writes the checkbox "__toc" on exactly those pages.
    les, term = module.lessen[0], next(iter(module.begrippen.values()))
    pages = {names.page_url("lessen", les["id"]): True, names.page_url("begrippen", term["id"]): False,
             "werkboek/": True, "lessen/": False}
    for page, expected in pages.items():
        parsed = soup(built_site, page)
        assert bool(parsed.select('label[for="__toc"]')) is expected, page
        assert bool(parsed.select("input#__toc")) is expected, page
