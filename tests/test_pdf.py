"""The print versions (scripts/build_pdf.py): the module PDF and the workbook PDF.

The real site is built once (conftest ``built_site``), copied, and ``python -m scripts.build_pdf`` runs
on the copy exactly as ``make site`` runs it. The PDFs are read back with poppler-utils (pdftotext,
pdfinfo, pdffonts) and pypdf. Failure cases run on copies of the site with a page missing or stale.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ENV, ROOT, make_site, mkdocs_build
from scripts import build_pdf
from scripts.build_pdf import MODULE_PDF, WORKBOOK_PDF

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def run_build_pdf(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.build_pdf", str(site), *args], cwd=ROOT,
                          capture_output=True, text=True, env=ENV, timeout=600)


@dataclass
class Built:
    site: Path
    seconds: float
    output: str

    @property
    def module(self) -> Path:
        return self.site / "downloads" / MODULE_PDF

    @property
    def workbook(self) -> Path:
        return self.site / "downloads" / WORKBOOK_PDF


@pytest.fixture(scope="session")
def pdfs(built_site, tmp_path_factory) -> Built:
    site = tmp_path_factory.mktemp("pdf") / "site"
    shutil.copytree(built_site, site)
    start = time.perf_counter()
    result = run_build_pdf(site)
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(site, seconds, result.stdout + result.stderr)


# ----------------------------------------------------------------------------- reading PDFs

def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pages_text(path: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with a form feed)."""
    return pdftotext(path, "-layout").split("\f")[:-1]


def squash(text: str) -> str:
    """Letters only: line breaks, spaces and hyphens (also those of hyphenation) do not count."""
    return re.sub(r"[\s\u2010\u00ad-]+", "", text)


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def outline(path: Path) -> list[tuple[int, str, int]]:
    """The bookmarks: (depth, title, page number from 1)."""
    reader = PdfReader(path)
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 0)
    return out


def destinations(path: Path) -> dict[str, int]:
    """Named destinations (every id in the HTML) and their page number from 1."""
    reader = PdfReader(path)
    return {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}


def lesson_title(les: dict) -> str:
    return f"Les {les['nummer']}. {les['titel']}"


def term_heading(b: dict) -> str:
    return b["term"] + (f" ({b['afkorting']})" if b.get("afkorting") else "")


# ----------------------------------------------------------------------------- the build step

def test_both_pdfs_are_written_and_nothing_else(pdfs):
    assert sorted(p.name for p in (pdfs.site / "downloads").iterdir()) == sorted([MODULE_PDF, WORKBOOK_PDF])
    for path in (pdfs.module, pdfs.workbook):
        assert path.read_bytes().startswith(b"%PDF-1.7"), path
    assert "pagina's" in pdfs.output
    # The budget is 30 s on an idle 2-core machine (scripts/bench_pdf.py measures it); this only
    # catches a step that has become many times slower.
    assert pdfs.seconds < 120, pdfs.seconds


@pytest.mark.parametrize("name,low,high", [(MODULE_PDF, 60, 400), (WORKBOOK_PDF, 15, 150)])
def test_page_count_metadata_language_and_tags(pdfs, name, low, high):
    path = pdfs.site / "downloads" / name
    info = pdfinfo(path)
    assert low <= int(info["Pages"]) <= high, info["Pages"]
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert info["Title"].startswith("Krachtig lerende netwerken")
    assert info["Author"] == "Het team van de module Krachtig lerende netwerken"
    root = PdfReader(path).trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


@pytest.mark.parametrize("name", [MODULE_PDF, WORKBOOK_PDF])
def test_every_font_is_embedded(pdfs, name):
    out = subprocess.run(["pdffonts", str(pdfs.site / "downloads" / name)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    header = out[0]
    rows = out[2:]
    assert rows, out
    emb = header.index("emb")
    assert all(row[emb:emb + 3] == "yes" for row in rows), "\n".join(out)


def test_every_page_but_the_cover_has_its_number_of_the_total(pdfs):
    pages = pages_text(pdfs.module)
    assert "pagina" not in pages[0]
    for i, text in enumerate(pages[1:], start=2):
        assert f"pagina {i} van {len(pages)}" in text, i


# ----------------------------------------------------------------------------- the module PDF

def test_module_contains_every_lesson_vignette_and_term(pdfs, module):
    text = squash(pdftotext(pdfs.module))
    titles = [lesson_title(les) for les in module.lessen] + [c["titel"] for c in module.casussen.values()] \
        + [term_heading(b) for b in module.begrippen.values()]
    missing = [t for t in titles if squash(t) not in text]
    assert missing == []


def test_module_has_no_raw_markup_and_no_interactive_parts(pdfs):
    text = pdftotext(pdfs.module)
    for raw in ["**", "](", "{{", "{%", "{:", "¶", "__tabbed"]:
        assert raw not in text, raw
    flat = " ".join(text.split())
    for screen_only in ["Ik heb les", "Je antwoorden blijven in deze browser", "Vorige: les", "Volgende: les",
                        "Klaar met deze les?"]:
        assert screen_only not in flat, screen_only


def test_cover_and_colophon(pdfs):
    pages = pages_text(pdfs.module)
    cover = " ".join(pages[0].split())
    today = dt.date.today()
    assert "Krachtig lerende netwerken" in cover
    assert re.search(rf"Uitgave ({'|'.join(MONTHS)}) \d{{4}}", cover), cover
    assert f"Uitgave {MONTHS[today.month - 1]} {today.year}" in cover
    colophon = squash(pages[1])
    citation = ("Noordegraaf, M., Heres, L., Terpstra, N., Bos, A. & Kolthoff, E. (2020). Krachtige lerende "
                "netwerken. Samenwerkend leren in interorganisationele netwerken voor de aanpak van terrorisme "
                "en criminaliteit. Utrecht: Universiteit Utrecht, in opdracht van het WODC.")
    assert squash(citation) in colophon
    assert squash("Tekst beschikbaar onder CC BY 4.0.") in colophon
    assert squash("Het team van de module Krachtig lerende netwerken") in colophon
    # The version is `git describe --always --dirty` at build time: a commit of this repository.
    version = re.search(r"Versie:\s*(\S+)", pages[1]).group(1)
    if (ROOT / ".git").exists():
        commit = re.fullmatch(r"(?:.*-g)?([0-9a-f]{7,40})(?:-dirty)?", version).group(1)
        assert subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT).returncode == 0, version
    else:
        assert version == "onbekend"


def test_version_is_unknown_without_git(tmp_path):
    assert build_pdf.git_version(tmp_path) is None
    ed = build_pdf.Edition("K", "Het team", "", "CC BY 4.0", dt.date(2026, 3, 1), None)
    html = build_pdf.environment().from_string(
        '{% from "cover.html" import omslag, colofon %}{{ omslag(ed, "Module", "x") }}'
        '{% call colofon(ed) %}{% endcall %}').render(ed=ed)
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "Versie: onbekend" in text and "Uitgave maart 2026" in text


def test_every_section_has_a_named_destination_on_the_page_where_it_starts(pdfs, module):
    dests = destinations(pdfs.module)
    pages = pages_text(pdfs.module)
    for les in module.lessen:
        page = dests[f"les-{les['id']}"]
        header = pages[page - 1].strip().splitlines()[0]
        assert squash(lesson_title(les)) in squash(header), (les["id"], header)  # the running header
    for cid, c in module.casussen.items():
        page = dests[f"casus-{cid}"]
        assert squash(c["titel"]) in squash(pages[page - 1].strip().splitlines()[0]), cid
    for bid, b in module.begrippen.items():
        page = dests[f"begrip-{bid}"]
        assert squash(term_heading(b)) in squash(pages[page - 1]), bid


def test_contents_page_numbers_match_the_sections(pdfs, module):
    dests = destinations(pdfs.module)
    toc = "\n".join(pages_text(pdfs.module)[dests["inhoud"] - 1:dests["lessen"] - 1])
    entries = [(lesson_title(les), f"les-{les['id']}") for les in module.lessen]
    entries += [(c["titel"], f"casus-{cid}") for cid, c in module.casussen.items()]
    for title, anchor in entries:
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", toc, re.M)
        assert match, title
        assert int(match.group(1)) == dests[anchor], title


def test_bookmarks_for_every_lesson_vignette_and_term(pdfs, module):
    marks = outline(pdfs.module)
    assert len(marks) >= len(module.lessen) + len(module.casussen) + len(module.begrippen)
    top = [title for depth, title, _ in marks if depth == 0]
    assert top[-4:] == ["Lessen", "Casussen", "Begrippen", "Bronnen"]
    second = [title for depth, title, _ in marks if depth == 1]
    expected = [lesson_title(les) for les in module.lessen] + [c["titel"] for c in module.casussen.values()]
    expected += [term_heading(b) for b in sorted(module.begrippen.values(), key=lambda b: build_pdf.sort_key(b["term"]))]
    assert second == expected


def test_links_inside_the_pdf_go_to_named_destinations(pdfs, module):
    reader = PdfReader(pdfs.module)
    dests = destinations(pdfs.module)
    internal, external, in_lessons = [], [], []
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                internal.append(str(annot["/Dest"]))
                if dests["lessen"] <= number < dests["casussen"]:
                    in_lessons.append(str(annot["/Dest"]))
            elif "/A" in annot and annot["/A"].get("/S") == "/URI":
                external.append(str(annot["/A"]["/URI"]))
    assert internal and set(internal) <= set(dests)
    # In the lessons, glossary words lead to the glossary and references to the vignettes.
    assert len({d for d in in_lessons if d.startswith("begrip-")}) > len(module.begrippen) // 2
    assert {d for d in in_lessons if d.startswith("casus-")} == {f"casus-{c}" for c in module.casussen}
    assert all(url.startswith(("https://", "http://", "mailto:")) for url in external), \
        [u for u in external if not u.startswith(("https://", "http://", "mailto:"))]


def test_dutch_hyphenation_is_on(pdfs):
    text = pdftotext(pdfs.module)
    assert text.count("\u2010\n") > 50  # words broken at the end of a line, by the Dutch patterns


# ----------------------------------------------------------------------------- the workbook PDF

def test_workbook_has_every_question_and_the_key_points(pdfs, module):
    text = squash(pdftotext(pdfs.workbook))
    expected = []
    for les in module.lessen:
        expected += [lesson_title(les), *les["kernpunten"]]
        expected += [q["vraag"] for q in les["reflectievragen"]] + [q["hint"] for q in les["reflectievragen"] if "hint" in q]
    for c in module.casussen.values():
        expected += [c["titel"]] + [q["vraag"] for q in c["vragen"]]
    missing = [t for t in expected if squash(t) not in text]
    assert missing == []
    for raw in ["**", "](", "{{", "{%", "&amp;", "&#"]:
        assert raw not in pdftotext(pdfs.workbook), raw


def test_workbook_bookmarks_and_destinations(pdfs, module):
    second = [title for depth, title, _ in outline(pdfs.workbook) if depth == 1]
    assert second == [lesson_title(les) for les in module.lessen] + [c["titel"] for c in module.casussen.values()]
    dests = destinations(pdfs.workbook)
    assert {f"les-{les['id']}" for les in module.lessen} | {f"casus-{c}" for c in module.casussen} <= set(dests)


# ----------------------------------------------------------------------------- failing loudly

def _break_missing_page(site: Path, module) -> str:
    les = module.lessen[-1]
    (site / "lessen" / les["id"] / "index.html").unlink()
    return f"lessen/{les['id']}/index.html: deze pagina ontbreekt"


def _break_stale_page(site: Path, module) -> str:
    cid, casus = next(iter(module.casussen.items()))
    page = site / "casussen" / cid / "index.html"
    html = page.read_text(encoding="utf-8")
    stale = re.sub(r"(<h1[^>]*>)" + re.escape(casus["titel"]), r"\1Een oude titel", html, count=1)
    assert stale != html
    page.write_text(stale, encoding="utf-8")
    return "De site is verouderd"


def _break_no_site(site: Path, module) -> str:
    shutil.rmtree(site)
    site.mkdir()
    return "hier staat geen gebouwde site"


@pytest.mark.parametrize("breaker", [_break_missing_page, _break_stale_page, _break_no_site],
                         ids=["missing page", "stale page", "no site"])
def test_a_broken_site_stops_the_step_with_a_clear_message(built_site, tmp_path, module, breaker):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("search", "assets"))
    expected = breaker(site, module)
    result = run_build_pdf(site)
    assert result.returncode == 1
    assert "PDF maken mislukt" in result.stderr and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "downloads").exists()


def test_a_failure_leaves_no_half_written_file(built_site, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("search", "assets"))
    (site / "downloads").mkdir()
    (site / "downloads" / MODULE_PDF).write_bytes(b"the previous edition")
    calls = []

    def fake_render(html, target, base_url, anchors):
        calls.append(target)
        if len(calls) == 1:
            target.write_bytes(b"%PDF-1.7 half a module")
            return 100
        raise build_pdf.PdfError("the workbook fails")

    monkeypatch.setattr(build_pdf, "render_pdf", fake_render)
    with pytest.raises(build_pdf.PdfError):
        build_pdf.build(site)
    assert len(calls) == 2
    assert sorted(p.name for p in (site / "downloads").iterdir()) == [MODULE_PDF]
    assert (site / "downloads" / MODULE_PDF).read_bytes() == b"the previous edition"


def test_a_weasyprint_warning_or_a_lost_link_is_an_error(tmp_path):
    page = '<html lang="nl"><head><title>t</title></head><body><p style="colr: red">x</p>{}</body></html>'
    with pytest.raises(build_pdf.PdfError, match="colr"):
        build_pdf.render_pdf(page.format(""), tmp_path / "a.pdf", tmp_path, [])
    with pytest.raises(build_pdf.PdfError, match="#nergens"):
        build_pdf.render_pdf(page.format('<a href="#nergens">x</a>').replace("colr", "color"),
                             tmp_path / "b.pdf", tmp_path, [])
    with pytest.raises(build_pdf.PdfError, match="les-weg"):
        build_pdf.render_pdf(page.format("").replace("colr", "color"), tmp_path / "c.pdf", tmp_path, ["les-weg"])
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- the print form of a page

ARTICLE = """
<article class="md-content__inner md-typeset">
<h1 id="les-1-een-les">Les 1. Een les<a class="headerlink" href="#les-1-een-les" title="Link naar dit deel">¶</a></h1>
<p>Een <a href="../../begrippen/casus/" title="Uitleg">casus</a>, zie <a href="#waarom">waarom</a>,
<a href="../../casussen/een-casus/#vragen">de vragen</a>, <a href="../../werkboek/">Mijn werkboek</a>
en <a href="https://www.wodc.nl/">het WODC</a>.</p>
<h2 id="waarom">Waarom<a class="headerlink" href="#waarom">¶</a></h2>
<details class="example"><summary>Een opdracht (20 minuten)</summary><p>Stap 1.</p></details>
<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked id="__tabbed_1_1" name="__tabbed_1" type="radio"/>
<input id="__tabbed_1_2" name="__tabbed_1" type="radio"/>
<div class="tabbed-labels"><label for="__tabbed_1_1">Mentor</label><label for="__tabbed_1_2">Wijkagent</label></div>
<div class="tabbed-content"><div class="tabbed-block"><p>Ziet A.</p></div><div class="tabbed-block"><p>Ziet B.</p></div></div>
</div>
<div class="kln-vragen"><p class="kln-vragen__privacy">Je antwoorden blijven in deze browser.</p>
<div class="kln-vraag" data-vraag="q1"><label class="kln-vraag__vraag" for="antwoord-q1">Wat deed je?</label>
<textarea class="kln-antwoord" id="antwoord-q1" aria-describedby="status-q1"></textarea>
<span class="kln-status" id="status-q1" role="status"></span></div></div>
<div class="kln-afronden"><h2 id="klaar">Klaar?</h2><p><label class="kln-afgerond"><input type="checkbox"/> Ik heb les 1 afgerond</label></p></div>
<nav class="kln-pager"><p><a href="../twee/">Volgende: les 2</a></p></nav>
</article>
"""


def test_print_form_of_a_page():
    article = BeautifulSoup(ARTICLE, "html.parser").article
    section = build_pdf.Section("lessen", "een", "les-een", "lessen/een/", "Les 1. Een les", article)
    anchors = {"lessen/een/": "les-een", "casussen/een-casus/": "casus-een-casus", "begrippen/casus/": "begrip-casus"}
    ids = {"les-een": {"les-1-een-les", "waarom"}, "casus-een-casus": {"vragen"}, "begrip-casus": set()}
    html = build_pdf.PrintPage(section, anchors, ids, build_pdf.environment().get_template("macros.html")
                               .module.schrijfruimte(3)).transform()
    soup = BeautifulSoup(html, "html.parser")
    # Screen-only parts and tooltips are gone.
    for gone in [".headerlink", ".kln-vragen__privacy", ".kln-afronden", ".kln-pager", ".kln-status",
                 "textarea", "input", "details", ".tabbed-set", "[title]", "[aria-describedby]", "label"]:
        assert soup.select(gone) == [], gone
    # Headings one level down; ids prefixed with the section's anchor.
    assert [(h.name, h.get("id")) for h in soup.find_all(re.compile("^h[1-6]$"))] == [
        ("h2", "les-een--les-1-een-les"), ("h3", "les-een--waarom"), ("h4", None), ("h4", None)]
    # Folded box open, with its summary as the title.
    box = soup.select_one(".admonition.example.kln-uitgeklapt")
    assert box.select_one(".admonition-title").get_text() == "Een opdracht (20 minuten)"
    # Tabs one after the other, each under its label.
    assert [t.get_text(" ", strip=True) for t in soup.select(".kln-tabs > .kln-tab")] == [
        "Mentor Ziet A.", "Wijkagent Ziet B."]
    # The answer field became lined writing space under the question.
    assert soup.select_one(".kln-vraag p.kln-vraag__vraag").get_text() == "Wat deed je?"
    assert len(soup.select(".kln-vraag .kln-schrijfruimte .kln-regel")) == 3
    # Links: into the PDF, or plain text, or out to the web.
    links = {a.get_text(): a["href"] for a in soup.find_all("a")}
    assert links == {"casus": "#begrip-casus", "waarom": "#les-een--waarom", "de vragen": "#casus-een-casus--vragen",
                     "het WODC": "https://www.wodc.nl/"}
    assert "Mijn werkboek" in soup.get_text()
    assert "kln-begriplink" in soup.find("a", string="casus")["class"]


# ----------------------------------------------------------------------------- any site, and the wording

def test_the_minimal_fixture_site_gets_both_pdfs(tmp_path):
    project = make_site(tmp_path)
    assert mkdocs_build(project, "--strict").returncode == 0
    result = run_build_pdf(project / "site", "--data", str(project / "data"))
    assert result.returncode == 0, result.stderr
    text = squash(pdftotext(project / "site" / "downloads" / MODULE_PDF))
    for title in ["Les 1. Een eerste les", "Les 2. Een tweede les", "Een casus", "Casusoverleg", "Wijkagent"]:
        assert squash(title) in text, title
    assert int(pdfinfo(project / "site" / "downloads" / WORKBOOK_PDF)["Pages"]) >= 3


def test_the_fixed_wording_is_plain_dutch(built_site, module):
    """The words of the print templates (cover, colophon, part intros): B1 and spelled right."""
    from scripts.leesbaarheid import score
    from scripts.taalcheck import MIN_SCORE, page_text, unknown_words

    ed = build_pdf.edition(build_pdf.read_config(ROOT / "mkdocs.yml"))
    env = build_pdf.environment()
    for html, _ in (build_pdf.module_html(built_site, module, ed, env), build_pdf.workbook_html(module, ed, env)):
        soup = BeautifulSoup(html, "html.parser")
        # Not ours: the site's pages, the report's title, the contents, the sources, addresses, the licence
        # line from mkdocs.yml and the version.
        for selector in [".kln-item", ".kln-citaat", "nav.kln-inhoud", ".kln-bronnenlijst", 'a[href^="http"]',
                         ".kln-licentie", ".kln-versie", "head"]:
            for element in soup.select(selector):
                element.decompose()
        text = page_text(str(soup))
        assert score(text).words > 150
        assert score(text).flesch_douma >= MIN_SCORE, text
        assert unknown_words(text) == []


def test_pdfs_are_readable_by_a_web_server(pdfs):
    import stat

    for path in (pdfs.module, pdfs.workbook):
        assert stat.S_IMODE(Path(path).stat().st_mode) & 0o044 == 0o044, path
