"""The print versions of the module: ``python -m macros pdf SITE`` writes into ``SITE/downloads/``:

- ``krachtig-lerende-netwerken.pdf``: cover, colophon, contents, Hulp en advies, the lessons, the
  vignettes, the glossary and all sources;
- ``werkboek.pdf``: every reflection and vignette question with lines to write on, per lesson and
  vignette, with the lesson's key points.

Both are rendered from the data, not scraped from the site: every lesson, vignette and term goes through
the same partials as its web page (``site.render`` with the ``Print`` target: links to sections, tabs
one after another, folded parts open, answer fields as writing lines) and through Python-Markdown with
the site's own extensions (from mkdocs.yml). The HTML shells (cover, colophon, contents) are in
``templates/`` (autoescape on); WeasyPrint lays them out as tagged PDF (PDF/UA-1), in Dutch, with
bookmarks and page numbers.

Page references ("pagina 12" in the contents and after references) are numbered by the layout itself:
``Print.page_of`` writes an empty element that names its target, and print.css fills it in with
``target-counter()``. One layout gives every number. ``pdfua.finish`` then marks the running heads and
page numbers as artifacts.

The step fails loudly: a WeasyPrint warning, a missing anchor, a link or a page reference to nowhere;
nothing is written then (all files go through temporary files).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown

from ..content import Module, load_module
from ..errors import KlnError
from ..paths import DATA, PRINT_TEMPLATES, ROOT
from ..site import names, render
from ..site.render import KitPrint, Print
from . import pdfua

MODULE_PDF = "krachtig-lerende-netwerken.pdf"
WORKBOOK_PDF = "werkboek.pdf"
KIT_PDF = "begeleidersmap.pdf"
# A page reference as Print.page_of writes it: its target anchor.
PAGE_REFERENCE = re.compile(rf'<span class="{render.PAGE_NUMBER_CLASS}" data-doel="#([^"]+)">')
PDF_VARIANT = "pdf/ua-1"          # tagged PDF with the metadata PDF/UA asks for
LINES_WORKBOOK = 6                # writing lines under a question in the workbook


class PdfError(KlnError):
    """Something is wrong with the data, the templates or the layout; ``messages`` says what."""


# --------------------------------------------------------------------------- edition

@dataclass(frozen=True)
class Edition:
    """What the cover and colophon say about this edition."""

    site_name: str
    site_author: str
    site_description: str
    copyright: str
    date: dt.date
    version: str | None  # None: unknown (no git)


def read_config(config_file: Path) -> dict:
    import yaml
    from mkdocs.utils.yaml import yaml_load  # understands !ENV, like mkdocs itself

    try:
        with open(config_file, encoding="utf-8") as f:
            config = yaml_load(f)
    except OSError as exc:
        raise PdfError(f"{config_file}: kan de MkDocs-configuratie niet lezen ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise PdfError(f"{config_file}: de MkDocs-configuratie is geen geldige YAML ({exc})") from None
    missing = [key for key in ("site_name", "site_author", "copyright") if not config.get(key)]
    if missing:
        raise PdfError(f"{config_file}: deze velden zijn nodig voor de PDF en ontbreken: {', '.join(missing)}")
    return config


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def git_version(root: Path = ROOT) -> str | None:
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=root, capture_output=True,
                             text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def edition(config: dict) -> Edition:
    return Edition(config["site_name"], config["site_author"], config.get("site_description", "").strip(),
                   config["copyright"], build_date(), git_version())


# --------------------------------------------------------------------------- Markdown for print

class PrintMarkdown:
    """Markdown to HTML with the site's extensions (mkdocs.yml), adapted for print: no permalinks,
    headings one level down (the part heading above is the <h1>), and ids prefixed with the section's
    anchor so that they are unique in the whole PDF."""

    def __init__(self, config: dict):
        self.extensions = []
        self.configs: dict[str, dict] = {}
        for entry in config.get("markdown_extensions", []):
            name, options = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
            self.extensions.append(name)
            self.configs[name] = dict(options or {})

    def __call__(self, text: str, anchor: str, baselevel: int = 2) -> str:
        from markdown.extensions.toc import slugify_unicode

        configs = {name: dict(options) for name, options in self.configs.items()}
        configs["toc"] = {**configs.get("toc", {}), "permalink": False, "baselevel": baselevel,
                          "slugify": lambda value, sep: f"{anchor}--{slugify_unicode(value, sep)}"}
        extensions = self.extensions if "toc" in self.extensions else [*self.extensions, "toc"]
        return tight_list_items(markdown.markdown(text, extensions=extensions, extension_configs=configs))


def tight_list_items(html: str) -> str:
    """A list item that starts with a paragraph (a 'loose' item: several paragraphs, or a nested list
    after a blank line) starts with its text instead. WeasyPrint tags an item's own text as the list
    body (LBody); a paragraph there would leave the item without one (PDF/UA-1, 7.6)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for li in soup.find_all("li"):
        first = next((c for c in li.children if getattr(c, "name", None) or str(c).strip()), None)
        if getattr(first, "name", None) == "p":
            first.unwrap()
    return str(soup)


# --------------------------------------------------------------------------- the documents

def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PRINT_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fase"] = lambda key: render.FASEN[key]
    env.globals.update(titel_les=names.lesson_title, anchor=names.anchor)
    return env


@dataclass
class Section:
    kind: str
    item_id: str
    anchor: str
    title: str
    html: str


def all_sources(module: Module) -> list[dict]:
    """Every source of the module once, A to Z (lessons first decide the title of a shared URL)."""
    seen: dict[str, dict] = {}
    for bron in [b for les in module.lessen for b in les["bronnen"]] + \
                [b["bron"] for b in module.begrippen.values() if b.get("bron")] + \
                [c["bron"] for c in module.hulp["contacten"]]:
        seen.setdefault(bron.get("url") or bron["titel"], bron)
    return sorted(seen.values(), key=lambda b: render.sort_key(b["titel"]))


def section_items(module: Module) -> dict[str, list[dict]]:
    """The items of each part, in the order of the site (terms A to Z)."""
    return {
        "lessen": module.lessen,
        "casussen": list(module.casussen.values()),
        "begrippen": sorted(module.begrippen.values(), key=lambda b: render.sort_key(b["term"])),
    }


class Documents:
    """Renders the HTML of the three PDFs."""

    def __init__(self, module: Module, ed: Edition, config: dict):
        self.module = module
        self.ed = ed
        self.md = PrintMarkdown(config)
        self.env = environment()

    def module_html(self) -> tuple[str, list[str]]:
        target = Print()
        parts: dict[str, list[Section]] = {}
        for kind, items in section_items(self.module).items():
            parts[kind] = []
            for item in items:
                anchor = names.anchor(kind, item["id"])
                source = render.ITEM_PAGE[kind](self.module, item["id"], target)
                parts[kind].append(Section(kind, item["id"], anchor, names.title(kind, item),
                                           self.md(source, anchor)))
        hulp = self.md(render.help_page(self.module, target), "hulp-en-advies", baselevel=1)
        html = self.env.get_template("module.html").render(
            ed=self.ed, t=target, hulp=hulp, lessen=parts["lessen"], casussen=parts["casussen"],
            begrippen=parts["begrippen"], bronnen=all_sources(self.module), lessen_data=self.module.lessen)
        anchors = ["omslag", "colofon", "inhoud", "hulp-en-advies", *names.KINDS, "antwoorden", "bronnen"]
        anchors += [s.anchor for part in parts.values() for s in part]
        # Each knowledge-check question after its lesson, and its answer in the part Antwoorden.
        anchors += [names.anchor(kind, qid) for qid in self.module.kennischeck_ids
                    for kind in ("kennischeck", "antwoorden")]
        return html, anchors

    def workbook_html(self) -> tuple[str, list[str]]:
        target = Print()
        html = self.env.get_template("workbook.html").render(
            ed=self.ed, t=target, lessen=self.module.lessen, casussen=list(self.module.casussen.values()),
            regels=LINES_WORKBOOK)
        anchors = ["omslag", "colofon", "inhoud", "lessen", "casussen"]
        anchors += [names.anchor("lessen", les["id"]) for les in self.module.lessen]
        anchors += [names.anchor("casussen", cid) for cid in self.module.casussen]
        return html, anchors


    def kit_html(self) -> tuple[str, list[str]]:
        """The begeleidersmap: programmes, ground rules, the route of Hulp en advies, a key per vignette,
        an exercise card per lesson and the evaluation form."""
        target = KitPrint()
        module = self.module

        def section(kind: str, item_id: str, title: str, source: str, baselevel: int) -> Section:
            anchor = names.anchor(kind, item_id)
            return Section(kind, item_id, anchor, title, self.md(source, anchor, baselevel=baselevel))

        programmas = [section("programmas", p["id"], p["titel"], render.programme_page(module, p["id"], target), 2)
                      for p in module.programmas.values()]
        sleutels = [section("sleutels", cid, module.casussen[cid]["titel"], render.case_key(module, cid, target), 1)
                    for cid in module.sleutels]
        kaarten = [section("opdrachten", les["id"], names.exercise_title(les),
                           render.exercise_card(module, les["id"], target), 1) for les in module.lessen]
        html = self.env.get_template("begeleidersmap.html").render(
            ed=self.ed, t=target, inleiding=self.md(module.begeleiders["inleiding"], "colofon"),
            programmas=programmas, sleutels=sleutels, kaarten=kaarten,
            spelregels=self.md(render.ground_rules(module, target), "spelregels", baselevel=1),
            hulp=self.md(render.help_page(module, target), "hulp-en-advies", baselevel=1),
            evaluatie=self.md(render.evaluation_form(module, target), "evaluatie", baselevel=1))
        anchors = ["omslag", "colofon", "inhoud", "programmas", "spelregels", "hulp-en-advies", "sleutels",
                   "opdrachten", "evaluatie"]
        anchors += [s.anchor for part in (programmas, sleutels, kaarten) for s in part]
        return html, anchors


# --------------------------------------------------------------------------- layout

class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def anchor_pages(document) -> dict[str, int]:
    """The page (from 1) of every anchor in a laid-out document (WeasyPrint's public Page.anchors)."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def layout(render_html, name: str, base_url: Path):
    """Lay out the HTML that ``render_html()`` gives. Returns the document and the anchors it must have."""
    import weasyprint

    stylesheets = [weasyprint.CSS(filename=str(PRINT_TEMPLATES / "print.css"))]
    html, anchors = render_html()
    document = weasyprint.HTML(string=html, base_url=str(base_url)).render(stylesheets=stylesheets)
    found = anchor_pages(document)
    missing = [a for a in anchors if a not in found]
    if missing:
        raise PdfError(f"{name}: deze ankers ontbreken in de PDF: " + ", ".join(missing))
    nowhere = sorted(set(PAGE_REFERENCE.findall(html)) - set(found))
    if nowhere:
        raise PdfError(f"{name}: een paginaverwijzing wijst naar een anker dat niet bestaat: "
                       + ", ".join(f"#{a}" for a in nowhere))
    return document, anchors


def render_pdf(render_html, target: Path, base_url: Path) -> int:
    """Lay out and write one PDF to ``target``. Returns the number of pages.

    Every WeasyPrint warning is an error: a CSS mistake or a lost link should not slip through."""
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document, _ = layout(render_html, target.name, base_url)
        found = set(anchor_pages(document))
        lost = sorted({dest for page in document.pages for kind, dest, *_ in page.links
                       if kind == "internal" and dest not in found})
        if lost:
            collect.messages.append("deze links wijzen naar een anker dat niet bestaat: "
                                    + ", ".join(f"#{t}" for t in lost))
        if collect.messages:
            raise PdfError([f"{target.name}: {m}" for m in collect.messages])
        document.write_pdf(target, pdf_variant=PDF_VARIANT)
        pdfua.finish(target)
        return len(document.pages)
    finally:
        logger.removeHandler(collect)


@dataclass
class Result:
    name: str
    path: Path
    pages: int


def _render_job(name: str, target: Path, site: Path, data_dir: Path, ed: Edition, config: dict) -> int:
    """One PDF, from the data to ``target``: in this process, or in a worker process of ``build``."""
    docs = Documents(load_module(data_dir), ed, config)
    render_html = {MODULE_PDF: docs.module_html, WORKBOOK_PDF: docs.workbook_html, KIT_PDF: docs.kit_html}[name]
    try:
        pages = render_pdf(render_html, target, site)
    except jinja2.TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "filename", None) else ""
        raise PdfError(f"{name}: sjabloon {where}{exc}") from None
    if pages < 1 or target.stat().st_size == 0:
        raise PdfError(f"{name}: WeasyPrint schreef een lege PDF")
    return pages


def build(site: Path, data_dir: Path = DATA, config_file: Path = ROOT / "mkdocs.yml",
          workers: int | None = None) -> list[Result]:
    """Write the three PDFs into ``site/downloads``; raise PdfError or ContentError on any problem.

    With two or more CPUs the PDFs are laid out in two worker processes (the module PDF takes about three
    quarters of the time, the workbook and the begeleidersmap the rest); ``workers=1`` keeps it in this
    process."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise PdfError(f"{site}: hier staat geen gebouwde site (index.html ontbreekt). "
                       f"Bouw eerst de site met 'mkdocs build --site-dir {site}'")
    load_module(data_dir)   # content errors stop the step here, before any layout
    config = read_config(config_file)
    ed = edition(config)
    names_ = [MODULE_PDF, WORKBOOK_PDF, KIT_PDF]
    workers = workers or min(2, os.cpu_count() or 1)
    downloads = site / "downloads"
    created = not downloads.exists()
    downloads.mkdir(exist_ok=True)
    temps: dict[str, Path] = {}
    done = False
    try:
        for name in names_:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=downloads)
            os.close(fd)
            temps[name] = Path(tmp)
        if workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                futures = {name: pool.submit(_render_job, name, temps[name], site, Path(data_dir), ed, config)
                           for name in names_}
                pages = {name: future.result() for name, future in futures.items()}
        else:
            pages = {name: _render_job(name, temps[name], site, Path(data_dir), ed, config) for name in names_}
        results = [Result(name, downloads / name, pages[name]) for name in names_]
        for name, tmp in temps.items():
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; a web server running as another user must read it
            os.replace(tmp, downloads / name)
        done = True
        return results
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        if created and not done and not any(downloads.iterdir()):
            downloads.rmdir()
