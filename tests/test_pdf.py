"""The print versions (macros/publish/pdf.py): the module PDF and the workbook PDF.

Built once per session with the full site (conftest ``full_site``), exactly as ``make site`` builds them,
and read back with poppler-utils (pdftotext, pdfinfo, pdffonts), pypdf, pikepdf and an independent
PDF/UA-1 checker (outloud). Failure cases run on small documents and on fixture data.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from helpers import ROOT, VENV_BIN, copy_project, leftovers, mkdocs_build, pdftotext, run_cli, squash
from macros.publish import pdf as build_pdf
from macros.publish.pdf import KIT_PDF, MODULE_PDF, WORKBOOK_PDF
from macros.site import names
from macros.site.render import Print, sort_key

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
lesson_title = names.lesson_title
term_heading = names.term_title


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

    @property
    def kit(self) -> Path:
        return self.site / "downloads" / KIT_PDF


@pytest.fixture(scope="session")
def pdfs(full_site) -> Built:
    start = time.perf_counter()
    return Built(full_site, time.perf_counter() - start, "")


# ----------------------------------------------------------------------------- reading PDFs

# The PDFs of the session do not change while the tests read them: each is read once.
@functools.lru_cache(maxsize=8)
def reader(path: Path) -> PdfReader:
    return PdfReader(path)


@functools.lru_cache(maxsize=8)
def pages_text(path: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with a form feed)."""
    return pdftotext(path, "-layout").split("\f")[:-1]


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


@functools.lru_cache(maxsize=8)
def outline(path: Path) -> list[tuple[int, str, int]]:
    """The bookmarks: (depth, title, page number from 1)."""
    reader_ = reader(path)
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader_.get_destination_page_number(item) + 1))
    walk(reader_.outline, 0)
    return out


@functools.lru_cache(maxsize=8)
def destinations(path: Path) -> dict[str, int]:
    """Named destinations (every id in the HTML) and their page number from 1."""
    reader_ = reader(path)
    return {name: reader_.get_destination_page_number(dest) + 1 for name, dest in reader_.named_destinations.items()}


# ----------------------------------------------------------------------------- the build step

def test_both_pdfs_are_written(pdfs):
    names_ = {p.name for p in (pdfs.site / "downloads").iterdir()}
    assert {MODULE_PDF, WORKBOOK_PDF, KIT_PDF} <= names_
    assert not [n for n in names_ if n.startswith(".")], names_   # no temporary file left behind
    for path in (pdfs.module, pdfs.workbook, pdfs.kit):
        assert path.read_bytes().startswith(b"%PDF-1.7"), path


@pytest.mark.parametrize("name,low,high", [(MODULE_PDF, 60, 400), (WORKBOOK_PDF, 15, 150), (KIT_PDF, 20, 150)])
def test_page_count_metadata_language_and_tags(pdfs, name, low, high):
    path = pdfs.site / "downloads" / name
    info = pdfinfo(path)
    assert low <= int(info["Pages"]) <= high, info["Pages"]
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert info["Title"].startswith("Krachtig lerende netwerken")
    assert info["Author"] == "Het team van de module Krachtig lerende netwerken"
    root = reader(path).trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


@pytest.mark.parametrize("name", [MODULE_PDF, WORKBOOK_PDF, KIT_PDF])
def test_every_font_is_embedded(pdfs, name):
    out = subprocess.run(["pdffonts", str(pdfs.site / "downloads" / name)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    header = out[0]
    rows = out[2:]
    assert rows, out
    emb = header.index("emb")
    assert all(row[emb:emb + 3] == "yes" for row in rows), "\n".join(out)


@pytest.mark.parametrize("name", [MODULE_PDF, KIT_PDF])
def test_every_page_but_the_cover_has_its_number_of_the_total(pdfs, name):
    pages = pages_text(pdfs.site / "downloads" / name)
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


def test_module_has_every_knowledge_check_and_every_answer_explanation(pdfs, module):
    pages = pages_text(pdfs.module)
    dests = destinations(pdfs.module)
    answers_at = dests["antwoorden"]
    for les in module.lessen:
        for number, q in enumerate(les["kennischeck"], 1):
            # The question after its lesson, with its options and the page of its answer...
            asked = dests[names.anchor("kennischeck", q["id"])]
            answered = dests[names.anchor("antwoorden", q["id"])]
            assert dests[names.anchor("lessen", les["id"])] <= asked < answers_at <= answered, q["id"]
            page = squash(pages[asked - 1] + pages[asked] if asked < len(pages) else pages[asked - 1])
            assert squash(q["vraag"]) in page, q["id"]
            assert all(squash(o["tekst"]) in page for o in q["opties"]), q["id"]
            assert squash(f"Antwoord en uitleg: pagina {answered}") in page, q["id"]
            # ... and at the back every option with its verdict and explanation, and the way back.
            back = squash(pages[answered - 1] + (pages[answered] if answered < len(pages) else ""))
            for o in q["opties"]:
                verdict = "Goed:" if o["juist"] else "Nietgoed:"
                assert squash(o["feedback"]) in back, (q["id"], o["tekst"])
                assert verdict + squash(o["tekst"]) in back, (q["id"], o["tekst"])
            assert squash(f"Vraag {number} (pagina {asked})") in back, q["id"]


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
    assert top[-6:] == ["Hulp en advies", "Lessen", "Casussen", "Begrippen", "Antwoorden", "Bronnen"]
    second = [title for depth, title, _ in marks if depth == 1]
    expected = [lesson_title(les) for les in module.lessen] + [c["titel"] for c in module.casussen.values()]
    expected += [term_heading(b) for b in sorted(module.begrippen.values(), key=lambda b: sort_key(b["term"]))]
    expected += [lesson_title(les) for les in module.lessen]   # the answers to each lesson's check
    assert second == expected


def test_links_inside_the_pdf_go_to_named_destinations(pdfs, module):
    reader_ = reader(pdfs.module)
    dests = destinations(pdfs.module)
    internal, external, in_lessons = [], [], []
    for number, page in enumerate(reader_.pages, start=1):
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
        expected += [q["vraag"] for q in les["kennischeck"]] + [o["tekst"] for q in les["kennischeck"] for o in q["opties"]]
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


# ----------------------------------------------------------------------------- the begeleidersmap

def test_kit_holds_every_programme_meeting_card_key_rule_and_question(pdfs, module):
    from macros.site import render

    pages = pages_text(pdfs.kit)
    # The text inside the page margins (25 mm of A4): running heads and page numbers left out, so that
    # a paragraph that runs over a page reads as one.
    text = squash(pdftotext(pdfs.kit, "-x", "0", "-y", "71", "-W", "595", "-H", "700"))
    bg = module.begeleiders
    expected = [p["titel"] for p in bg["programmas"]]
    for p in bg["programmas"]:
        for n, b in enumerate(p["bijeenkomsten"], 1):
            expected.append(names.meeting_title(n, b))
            expected += b["doelen"] + b["materiaal"]
            expected += [f"{part['van']} tot {part['tot']}: {part['titel']}" for part in render.meeting_parts(module, b)]
    expected += [r["titel"] for r in bg["spelregels"]["regels"]]
    expected += [v["vraag"] for v in bg["evaluatie"]["vragen"]]
    expected += [c["wie"] for c in module.hulp["contacten"]]   # the route when someone brings in real danger
    for cid, key in module.sleutels.items():
        expected.append(module.casussen[cid]["titel"])
        expected += [re.sub(r"[*]", "", v) for v in key["verdieping"]]
    missing = [t for t in expected if squash(t.replace("*", "")) not in text]   # emphasis marks aside
    assert missing == []
    # The legal points of every key, word for word (emphasis marks aside).
    for key in module.sleutels.values():
        for point in key["juridisch"] + key["misverstanden"]:
            assert squash(re.sub(r"[*]", "", point)) in text, point[:60]
    # One exercise card per page, each with all its steps.
    dests = destinations(pdfs.kit)
    card_pages = [dests[names.anchor("opdrachten", les["id"])] for les in module.lessen]
    assert len(set(card_pages)) == len(card_pages)
    for les, number in zip(module.lessen, card_pages):
        page = squash(pages[number - 1])
        assert squash(names.exercise_title(les)) in page
        assert all(squash(re.sub(r"[*]", "", step["stap"])) in page for step in les["werkvorm"]["stappen"]), les["id"]
    # The evaluation form is one page.
    form = dests["evaluatie"]
    assert form == len(pages), "the evaluation form is the last page, and fits on one"


def test_kit_bookmarks_and_running_heads(pdfs, module):
    marks = outline(pdfs.kit)
    top = [title for depth, title, _ in marks if depth == 0]
    assert top[-6:] == ["Programma's", "Spelregels voor een gemengde groep", "Hulp en advies",
                        "Sleutels bij de casussen", "Opdrachtkaarten", "Evaluatieformulier"]
    second = [title for depth, title, _ in marks if depth == 1]
    assert second == [p["titel"] for p in module.programmas.values()] + \
        [module.casussen[cid]["titel"] for cid in module.sleutels] + [names.exercise_title(les) for les in module.lessen]
    third = [title for depth, title, _ in marks if depth == 2]
    assert third == [names.meeting_title(n, b) for p in module.programmas.values()
                     for n, b in enumerate(p["bijeenkomsten"], 1)]


# ----------------------------------------------------------------------------- failing loudly

def test_without_a_built_site_the_step_stops_with_a_clear_message(tmp_path):
    result = run_cli("pdf", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("PDF maken mislukt. Er is geen PDF geschreven.\n")
    assert "hier staat geen gebouwde site" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "downloads").exists()


def test_bad_content_stops_the_step(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("<html></html>")
    lessen = project / "data" / "lessen.yaml"
    lessen.write_text(lessen.read_text(encoding="utf-8").replace("    titel: Een eerste les", "    titel: <b>x</b>"),
                      encoding="utf-8")
    result = run_cli("pdf", str(project / "site"), "--data", str(project / "data"))
    assert result.returncode == 1
    assert "HTML-code is niet toegestaan: '<b>'" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site" / "downloads").exists()


def test_a_failure_leaves_no_half_written_file(built_site, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(built_site / "index.html", site / "index.html")
    (site / "downloads").mkdir()
    (site / "downloads" / MODULE_PDF).write_bytes(b"the previous edition")
    calls = []

    def fake_render(render_html, target, base_url):
        calls.append(target)
        if len(calls) == 1:
            target.write_bytes(b"%PDF-1.7 half a module")
            return 100
        raise build_pdf.PdfError("the workbook fails")

    monkeypatch.setattr(build_pdf, "render_pdf", fake_render)
    with pytest.raises(build_pdf.PdfError):
        build_pdf.build(site, workers=1)   # in this process, where the fake is
    assert len(calls) == 2
    assert sorted(p.name for p in (site / "downloads").iterdir()) == [MODULE_PDF]
    assert (site / "downloads" / MODULE_PDF).read_bytes() == b"the previous edition"


def test_a_weasyprint_warning_or_a_lost_link_is_an_error(tmp_path):
    page = '<html lang="nl"><head><title>t</title></head><body><p style="colr: red">x</p>{}</body></html>'

    def doc(html, anchors=()):
        return lambda: (html, list(anchors))

    with pytest.raises(build_pdf.PdfError, match="colr"):
        build_pdf.render_pdf(doc(page.format("")), tmp_path / "a.pdf", tmp_path)
    with pytest.raises(build_pdf.PdfError, match="#nergens"):
        build_pdf.render_pdf(doc(page.format('<a href="#nergens">x</a>').replace("colr", "color")),
                             tmp_path / "b.pdf", tmp_path)
    with pytest.raises(build_pdf.PdfError, match="les-weg"):
        build_pdf.render_pdf(doc(page.format("").replace("colr", "color"), ["les-weg"]), tmp_path / "c.pdf",
                             tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_page_references_get_the_number_of_their_target_in_one_layout(tmp_path):
    """A page reference (Print.page_of) is numbered by the layout; one to a missing anchor stops the step."""
    ref = str(Print().page_of("doel"))
    calls = []

    def doc(body):
        def render_html():
            calls.append(1)
            return (f'<html lang="nl"><head><title>t</title></head><body>{body}'
                    f'<p style="break-before: page" id="doel">Hier.</p></body></html>', ["doel"])
        return render_html

    assert build_pdf.render_pdf(doc(f"<p>Zie pagina {ref}.</p>"), tmp_path / "a.pdf", tmp_path) == 2
    assert calls == [1]
    assert "Zie pagina 2." in pdftotext(tmp_path / "a.pdf")
    with pytest.raises(build_pdf.PdfError, match="paginaverwijzing.*#nergens"):
        build_pdf.render_pdf(doc(f"<p>Zie pagina {ref.replace('#doel', '#nergens')}.</p>"), tmp_path / "b.pdf",
                             tmp_path)


def test_print_html_tightens_list_items():
    html = build_pdf.tight_list_items("<ul><li><p>Een</p><p>Twee</p></li><li>Drie</li></ul>")
    assert html == "<ul><li>Een<p>Twee</p></li><li>Drie</li></ul>"


# ----------------------------------------------------------------------------- any site, and the wording

@pytest.mark.slow   # builds a fixture site and its PDFs
def test_the_minimal_fixture_site_gets_both_pdfs(tmp_path):
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, "--strict").returncode == 0
    result = run_cli("pdf", str(project / "site"), "--data", str(project / "data"))
    assert result.returncode == 0, result.stderr
    text = squash(pdftotext(project / "site" / "downloads" / MODULE_PDF))
    for title in ["Les 1. Een eerste les", "Les 2. Een tweede les", "Een casus", "Casusoverleg", "Wijkagent",
                  "Hulp en advies", "Alarmnummer 112"]:
        assert squash(title) in text, title
    assert int(pdfinfo(project / "site" / "downloads" / WORKBOOK_PDF)["Pages"]) >= 3


def test_the_fixed_wording_is_plain_dutch(module):
    """The words of the print templates (cover, colophon, part intros): B1 and spelled right."""
    from macros.quality.pagetext import page_text
    from macros.quality.readability import MIN_PAGE, score
    from macros.quality.spelling import unknown_words

    config = build_pdf.read_config(ROOT / "mkdocs.yml")
    docs = build_pdf.Documents(module, build_pdf.edition(config), config)
    for html, _ in (docs.module_html(), docs.workbook_html(), docs.kit_html()):
        soup = BeautifulSoup(html, "html.parser")
        # Not ours here: the pages of the site, the report's title, the contents, the sources, addresses,
        # the licence line from mkdocs.yml and the version.
        for selector in [".kln-item", ".kln-deel--hulp", ".kln-citaat", "nav.kln-inhoud", ".kln-bronnenlijst",
                         'a[href^="http"]', ".kln-licentie", ".kln-versie", "head"]:
            for element in soup.select(selector):
                element.decompose()
        text = page_text(str(soup))
        assert score(text).words > 150
        assert score(text).flesch_douma >= MIN_PAGE, text
        assert unknown_words(text) == []


# ----------------------------------------------------------------------------- safety, and PDF/UA

def test_help_section_is_in_the_module_with_every_number(pdfs, module):
    dests = destinations(pdfs.module)
    pages = pages_text(pdfs.module)
    start, end = dests["hulp-en-advies"], dests["lessen"]
    section = squash("".join(pages[start - 1:end - 1]))
    for contact in module.hulp["contacten"]:
        assert squash(contact["wie"]) in section, contact["id"]
    assert squash("112") in section and squash("0900-8844") in section
    # Every lesson and vignette points to it, with its page.
    text = " ".join(pdftotext(pdfs.module).split())
    assert text.count(f"Alle nummers staan op de pagina Hulp en advies (pagina {start})") == \
        len(module.lessen) + len(module.casussen)


OUTLOUD = VENV_BIN / "outloud"


def outloud(path: Path, out: Path) -> dict:
    subprocess.run([str(OUTLOUD), str(path), "--json", str(out), "--fail-on", "never"], capture_output=True,
                   text=True, check=True, timeout=300)
    (result,) = json.loads(out.read_text(encoding="utf-8"))["results"]
    return result


@pytest.mark.parametrize("name", [MODULE_PDF, WORKBOOK_PDF, KIT_PDF])
def test_an_independent_pdf_ua_checker_finds_no_error(pdfs, name, tmp_path):
    """outloud checks the machine-checkable rules of PDF/UA-1 (ISO 14289-1) and WCAG 2.2, plus semantic
    checks (reading order, links without text, prose marked as artifact). 0 errors; its warnings are
    listed in the README (the remaining one flags content headings that sit at the top of a page)."""
    result = outloud(pdfs.site / "downloads" / name, tmp_path / "outloud.json")
    errors = [f"{f['rule']} p.{f.get('page')}: {f['message']}" for f in result["findings"]
              if f["severity"] == "error"]
    assert errors == []
    allowed = {"PAG-001"}
    others = [f"{f['rule']}: {f['message']}" for f in result["findings"]
              if f["severity"] == "warning" and f["rule"] not in allowed]
    assert others == []


def test_the_checker_finds_the_first_editions_faults(pdfs, tmp_path):
    """A PDF of ours with two of the first edition's faults put back: a list item tagged as a span
    (LST-003: a list child that is not a list item) and links without text (LNK-003)."""
    path = tmp_path / "fouten.pdf"
    with pikepdf.open(pdfs.workbook) as pdf:
        lists, links = [], []
        stack = [pdf.Root.StructTreeRoot.K]
        while stack and (len(lists) < 3 or len(links) < 3):
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                (lists if node.S == "/LI" else links if node.S == "/Link" else []).append(node)
                stack.append(node.get("/K"))
        for li in lists[:3]:
            li.S = pikepdf.Name("/Span")
        for link in links[:3]:
            link.K = pikepdf.Array([k for k in (link.K if isinstance(link.K, pikepdf.Array) else [link.K])
                                    if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"])
        pdf.save(path)
    rules = {f["rule"] for f in outloud(path, tmp_path / "o.json")["findings"] if f["severity"] == "error"}
    assert {"LST-003", "LNK-003"} <= rules, rules


def _artifact_text(path: Path) -> tuple[list[str], list[str]]:
    """Text shown inside /Artifact marked content, and all other text, per page (pikepdf)."""
    artifacts, content = [], []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages[1:4]:
            depth_artifact, inside = [], False
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    depth_artifact.append(str(operands[0]) == "/Artifact")
                elif op == "EMC" and depth_artifact:
                    depth_artifact.pop()
                elif op in ("Tj", "TJ"):
                    inside = any(depth_artifact)
                    (artifacts if inside else content).append(str(operands[0]))
    return artifacts, content


def test_running_heads_and_page_numbers_are_artifacts(pdfs):
    artifacts, content = _artifact_text(pdfs.module)
    assert artifacts and content
    # Page furniture is drawn with the same glyphs each page: the artifacts hold it, the content does not.
    from macros.publish import pdfua

    with pikepdf.open(pdfs.module) as pdf:
        assert pdfua._mcids_outside_tree(pdf) == {}, "margin content left in the structure's parent tree"
        annots = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert annots and all(int(a.get("/F", 0)) & 4 for a in annots), "every link annotation prints"


def test_pdfs_are_readable_by_a_web_server(pdfs):
    import stat

    for path in (pdfs.module, pdfs.workbook, pdfs.kit):
        assert stat.S_IMODE(Path(path).stat().st_mode) & 0o044 == 0o044, path


@pytest.mark.parametrize("pdf", ["krachtig-lerende-netwerken.pdf", "werkboek.pdf", "begeleidersmap.pdf"])
def test_no_leftovers_in_the_text_of_the_pdfs(full_site, pdf):
    text = pdftotext(full_site / "downloads" / pdf, "-layout")
    assert len(text) > 10_000
    assert leftovers(text) == []
