"""The real site, built once with --strict: every page, every link, nothing from another host."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, StaticServer

VENV_BIN = Path(__import__("sys").executable).parent


def test_every_generated_page_exists_with_its_heading(built_site, module):
    pages = {f"lessen/{les['id']}": f"Les {les['nummer']}. {les['titel']}" for les in module.lessen}
    pages |= {f"begrippen/{bid}": b["term"] + (f" ({b['afkorting']})" if b.get("afkorting") else "")
              for bid, b in module.begrippen.items()}
    pages |= {f"casussen/{cid}": c["titel"] for cid, c in module.casussen.items()}
    for path, heading in pages.items():
        soup = BeautifulSoup((built_site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        h1s = soup.find_all("h1")
        assert len(h1s) == 1, path
        assert h1s[0].get_text().replace("¶", "").strip() == heading, path


@pytest.mark.parametrize("page,heading", [
    ("index.html", "Krachtig lerende netwerken"), ("lessen/index.html", "Lessen"),
    ("begrippen/index.html", "Begrippen"), ("casussen/index.html", "Casussen"),
    ("over-het-onderzoek/index.html", "Over het onderzoek"), ("privacy/index.html", "Privacy"),
    ("toegankelijkheid/index.html", "Toegankelijkheid"), ("begeleiders/index.html", "Voor begeleiders"),
])
def test_fixed_pages_exist(built_site, page, heading):
    soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "nl"
    assert [h.get_text().replace("¶", "").strip() for h in soup.find_all("h1")] == [heading]


def test_lesson_overview_lists_every_lesson(built_site, module):
    html = (built_site / "lessen/index.html").read_text(encoding="utf-8")
    for les in module.lessen:
        assert f'href="{les["id"]}/"' in html
        assert f"ongeveer {les['studietijd']} minuten" in html


def _linkcheck(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "linkchecker"), "-f", str(ROOT / "linkcheckerrc"), url],
                          capture_output=True, text=True, timeout=600)


def test_linkchecker_finds_no_broken_link_or_anchor(full_site, tmp_path):
    # Served over HTTP on loopback: linkchecker cannot check anchors of directory URLs on file://.
    # The full site, with the downloads that the home and lesson pages link to.
    with StaticServer(full_site) as server:
        result = _linkcheck(server.url)
    assert result.returncode == 0, result.stdout[-5000:]
    checked = int(re.search(r"(\d+) links? in \d+ URLs? checked", result.stdout).group(1))
    assert checked > 500, result.stdout[-2000:]
    assert re.search(r"\b0 warnings found\. 0 errors found", result.stdout), result.stdout[-2000:]


def test_linkchecker_reports_broken_anchor_and_page(full_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(full_site, copy)
    page = copy / "privacy" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<a href="../lessen/#bestaat-niet">x</a>'
                                               '<a href="../bestaat-niet/">y</a></article>', 1), encoding="utf-8")
    with StaticServer(copy) as server:
        broken = _linkcheck(server.url)
    assert broken.returncode != 0
    assert "#bestaat-niet" in broken.stdout and "../bestaat-niet/" in broken.stdout
    assert re.search(r"\b1 warning found\. 1 error found", broken.stdout), broken.stdout[-3000:]
    assert "Anchor `bestaat-niet' (decoded: `bestaat-niet') not found" in " ".join(broken.stdout.split())


RESOURCE_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
                  "video": "src", "audio": "src", "embed": "src", "object": "data", "track": "src"}


def external_resources(site: Path) -> list[str]:
    """Every resource (script, style, font, image, frame) a built page would load from another host."""
    found = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in RESOURCE_ATTRS.items():
            for element in soup.find_all(tag):
                if tag == "link" and not set(element.get("rel", [])) & {
                        "stylesheet", "preload", "icon", "manifest", "prefetch", "modulepreload", "preconnect",
                        "dns-prefetch", "apple-touch-icon"}:
                    continue
                url = element.get(attr) or ""
                if element.get("srcset"):
                    url += " " + element["srcset"]
                if re.search(r"(^|\s)(https?:)?//", url):
                    found.append(f"{page.relative_to(site)}: <{tag} {attr}={url}>")
        for style in soup.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                found.append(f"{page.relative_to(site)}: inline style {style['style']}")
    for css in site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", css.read_text(encoding="utf-8")):
            found.append(f"{css.relative_to(site)}: {url}")
    return found


def test_no_page_loads_anything_from_another_host(built_site):
    assert external_resources(built_site) == []


def test_external_resource_check_can_fail(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.org/x.js"></script></head><body>'
        '<a href="https://www.wodc.nl/">bron</a><img src="https://example.org/a.png"></body></html>')
    found = external_resources(tmp_path)
    assert len(found) == 3 and not any("wodc" in f for f in found)


def _soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _section_links(soup: BeautifulSoup, heading: str) -> list[str]:
    h2 = next(h for h in soup.find_all("h2") if h.get_text().replace("¶", "").strip() == heading)
    block = h2.find_next_sibling()
    return [a.get_text().strip() for a in block.find_all("a")]


def test_term_pages_list_their_backlinks_from_the_data(built_site, module):
    for bid in module.begrippen:
        lessen, casussen = module.gebruik_van_begrip(bid)
        expected = [f"Les {les['nummer']}. {les['titel']}" for les in lessen] + [f"Casus: {c['titel']}" for c in casussen]
        assert expected, f"{bid} is used nowhere"
        assert _section_links(_soup(built_site, f"begrippen/{bid}"), "Hier gebruikt") == expected, bid


def test_glossary_terms_link_once_per_page_with_their_tooltip(built_site, module):
    linked_somewhere = set()
    for kind, items in (("lessen", [les["id"] for les in module.lessen]), ("casussen", list(module.casussen))):
        for item in items:
            article = _soup(built_site, f"{kind}/{item}").select_one("article")
            tooltips = [a for a in article.find_all("a", title=True) if "/begrippen/" in a["href"]]
            targets = [a["href"].rstrip("/").split("/")[-1] for a in tooltips]
            assert len(targets) == len(set(targets)), f"{kind}/{item}: a term is linked twice"
            for a, bid in zip(tooltips, targets):
                assert a["title"] == module.begrippen[bid]["kort"], (item, bid)
            linked_somewhere |= set(targets)
    assert len(linked_somewhere) >= 30, sorted(set(module.begrippen) - linked_somewhere)


def test_glossary_index_is_a_to_z_with_short_definitions(built_site, module):
    soup = _soup(built_site, "begrippen")
    terms = [dt.get_text().strip() for dt in soup.select("article dt")]
    from macros.render import sort_key
    assert len(terms) == len(module.begrippen)
    assert terms == sorted(terms, key=sort_key)
    assert soup.select_one("article dd").get_text().strip() in {b["kort"] for b in module.begrippen.values()}


def test_perspectives_are_tabs_per_world(built_site, module):
    with_perspectives = [b for b in module.begrippen.values() if b.get("perspectieven")]
    assert len(with_perspectives) >= 12
    for b in with_perspectives:
        labels = [label.get_text() for label in _soup(built_site, f"begrippen/{b['id']}").select(".tabbed-labels label")]
        from macros.render import WERELDEN
        assert labels == [WERELDEN[w] for w in b["perspectieven"]], b["id"]


def test_vignette_pages_show_every_partner_as_a_tab(built_site, module):
    assert len(module.casussen) >= 8
    for cid, casus in module.casussen.items():
        soup = _soup(built_site, f"casussen/{cid}")
        article = soup.select_one("article")
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
    assert sum(1 for n in counts.values() if n >= 2) > len(counts) / 2, counts  # most by two
    for les in module.lessen:
        links = _section_links(_soup(built_site, f"lessen/{les['id']}"), "Meer bij deze les")
        for casus in module.casussen_bij_les(les["id"]):
            assert casus["titel"] in links, (les["id"], casus["id"])
