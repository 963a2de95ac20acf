"""Print versions of the module: ``python -m scripts.build_pdf SITE_DIR``.

Writes two PDFs into ``SITE_DIR/downloads/``:

- ``krachtig-lerende-netwerken.pdf``: the whole module (cover, colophon, contents, the lessons, the
  vignettes, the glossary and all sources). It is made from the *built site*: the
  ``<article class="md-content__inner">`` of every lesson, vignette and term page, so the PDF shows
  exactly what the site shows. The interactive parts get a print form (see ``PrintPage``).
- ``werkboek.pdf``: every reflection and vignette question with lined writing space, grouped per
  lesson and vignette, with the lesson's key points. It is made from the data (``macros.content``).

Both are assembled by the Jinja templates in ``templates/print/`` (autoescape on) and laid out by
WeasyPrint as tagged PDF (PDF/UA-1), in Dutch, with bookmarks and page numbers. All fixed Dutch
wording lives in those templates, not here.

The step fails loudly: a missing or stale page, a link it cannot place, a WeasyPrint warning, it all
stops the build with a message and exit code 1, and nothing is written (both files are written to a
temporary file first and renamed only when both are complete).
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
import yaml
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # also runnable as a file
    sys.path.insert(0, str(ROOT))

from macros.content import ContentError, Module, load_module  # noqa: E402
from macros.pages import page_plan  # noqa: E402
from macros.render import FASEN, sort_key  # noqa: E402

PRINT_DIR = ROOT / "templates" / "print"
MODULE_PDF = "krachtig-lerende-netwerken.pdf"
WORKBOOK_PDF = "werkboek.pdf"
PDF_VARIANT = "pdf/ua-1"          # tagged PDF with the metadata PDF/UA asks for
# Section anchors in the module PDF: downloads/krachtig-lerende-netwerken.pdf#les-<id> etc.
ANCHOR_PREFIX = {"lessen": "les", "casussen": "casus", "begrippen": "begrip"}
# Writing space under a question: lines in the module, more in the workbook.
LINES_MODULE = 5
LINES_WORKBOOK = 6
# Parts of a site page that have no meaning on paper.
DROP_SELECTORS = [
    ".headerlink",            # the ¶ after headings
    ".kln-afronden",          # "les afgerond" checkbox
    ".kln-vragen__privacy",   # note about answers kept in this browser
    ".kln-pager",             # previous / next lesson
    ".kln-status",            # "saved" status of an answer field
    ".md-content__button",    # edit / view source buttons
    ".md-source-file",        # page dates
    "script", "style", "input", "button", "form", "noscript",
]
_FAKE_HOST = "https://site.invalid/"


class PdfError(Exception):
    """Something is wrong with the site or the templates; ``messages`` says what, in Dutch."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


# --------------------------------------------------------------------------- site facts

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
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
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


# --------------------------------------------------------------------------- templates

def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PRINT_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fase"] = lambda key: FASEN[key]
    return env


# --------------------------------------------------------------------------- one site page in print form

@dataclass
class Section:
    kind: str      # lessen, casussen, begrippen
    item_id: str
    anchor: str    # les-<id>, casus-<id>, begrip-<id>
    url: str       # the page's URL in the site, e.g. lessen/gezamenlijke-taal/
    title: str     # the page's heading
    soup: Tag      # the page's article, transformed in place
    html: Markup = Markup("")


def site_sections(site: Path, module: Module) -> list[Section]:
    """Read the article of every lesson, vignette and term page, in the module's order."""
    sections, problems = [], []
    for kind, pages in page_plan(module).items():
        for page in pages:
            url = page.src_uri[: -len(".md")] + "/"
            item_id = url.split("/")[1]
            path = site / url / "index.html"
            if not path.is_file():
                problems.append(f"{path}: deze pagina ontbreekt in de gebouwde site. Bouw de site opnieuw "
                                f"met 'mkdocs build' voordat je de PDF maakt")
                continue
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            article = soup.select_one("article.md-content__inner")
            h1 = article.find("h1") if article else None
            if article is None or h1 is None:
                problems.append(f"{path}: geen <article class=\"md-content__inner\"> met een kop <h1> gevonden")
                continue
            for a in h1.select(".headerlink"):
                a.decompose()
            title = h1.get_text(" ", strip=True)
            expected = _expected_title(module, kind, item_id)
            if title != expected:
                problems.append(f"{path}: de kop is '{title}', maar volgens data/ hoort hier '{expected}'. "
                                f"De site is verouderd: bouw hem opnieuw")
                continue
            sections.append(Section(kind, item_id, f"{ANCHOR_PREFIX[kind]}-{item_id}", url, title, article))
    if problems:
        raise PdfError(problems)
    return sections


def _expected_title(module: Module, kind: str, item_id: str) -> str:
    if kind == "lessen":
        les = module.les_by_id[item_id]
        return f"Les {les['nummer']}. {les['titel']}"
    if kind == "casussen":
        return module.casussen[item_id]["titel"]
    b = module.begrippen[item_id]
    return b["term"] + (f" ({b['afkorting']})" if b.get("afkorting") else "")


class PrintPage:
    """Turns one page's article into its print form, in place.

    - headerlinks, the "les afgerond" block, privacy notes, the pager and tooltips (title) go;
    - collapsed ``details`` become an open box with the summary as its title;
    - content tabs are shown one after the other, each under its label as a small heading;
    - answer fields become lined writing space;
    - headings move one level down (the part heading above is the <h1>);
    - ids get the section's anchor as prefix, so they are unique in the whole PDF;
    - links to a page in the PDF point to its section, links to other site pages become plain text.
    """

    def __init__(self, section: Section, anchors: dict[str, str], ids: dict[str, set[str]],
                 writing_space: Markup):
        self.s = section
        self.anchors = anchors          # site URL -> section anchor
        self.ids = ids                  # section anchor -> its ids (before prefixing)
        self.writing_space = writing_space
        self.soup = BeautifulSoup("", "html.parser")

    def prefixed(self, anchor: str, fragment: str) -> str:
        return f"{anchor}--{fragment}"

    def transform(self) -> Markup:
        article = self.s.soup
        for selector in DROP_SELECTORS:
            for el in article.select(selector):
                el.decompose()
        for el in article.find_all(title=True):
            del el["title"]
        self._details(article)
        self._tabs(article)
        self._answers(article)
        self._headings(article)
        self._ids(article)
        self._links(article)
        leftovers = article.select("textarea, details, summary, .tabbed-set, .headerlink, input, label[for]")
        if leftovers:
            raise PdfError(f"{self.s.url}: deze elementen hebben nog geen printvorm: "
                           + ", ".join(sorted({el.name for el in leftovers})))
        return Markup("".join(str(child) for child in article.contents))

    def _details(self, article: Tag) -> None:
        for details in article.find_all("details"):
            summary = details.find("summary", recursive=False)
            details.name = "div"
            details["class"] = ["admonition", *details.get("class", []), "kln-uitgeklapt"]
            details.attrs.pop("open", None)
            if summary is not None:
                summary.name = "p"
                summary["class"] = ["admonition-title"]

    def _tabs(self, article: Tag) -> None:
        for tabset in article.select(".tabbed-set"):
            labels = [label.get_text(" ", strip=True) for label in tabset.select(".tabbed-labels > label")]
            blocks = tabset.select(".tabbed-content > .tabbed-block")
            if len(labels) != len(blocks):
                raise PdfError(f"{self.s.url}: tabbladen met {len(labels)} titels en {len(blocks)} blokken")
            out = self.soup.new_tag("div", attrs={"class": "kln-tabs"})
            for label, block in zip(labels, blocks):
                block.name = "div"
                block["class"] = ["kln-tab"]
                heading = self.soup.new_tag("h6", attrs={"class": "kln-tab__label"})  # level fixed below
                heading.string = label
                heading["data-niveau"] = "tab"
                block.insert(0, heading)
                out.append(block.extract())
            tabset.replace_with(out)

    def _answers(self, article: Tag) -> None:
        for label in article.select("label.kln-vraag__vraag"):
            label.name = "p"
            label.attrs.pop("for", None)
        for textarea in article.select("textarea"):
            textarea.replace_with(BeautifulSoup(str(self.writing_space), "html.parser"))
        for el in article.find_all(attrs={"aria-describedby": True}):
            del el["aria-describedby"]

    def _headings(self, article: Tag) -> None:
        for h in article.find_all(re.compile(r"^h[1-6]$")):
            if h.get("data-niveau") == "tab":
                # A tab label sits one level under the heading before it.
                previous = h.find_previous(lambda t: re.fullmatch(r"h[1-6]", t.name or "")
                                           and "kln-tab__label" not in t.get("class", []))
                level = min(int(previous.name[1]) + 1, 6) if previous else 4
                h.name = f"h{level}"
                del h["data-niveau"]
            else:
                h.name = f"h{min(int(h.name[1]) + 1, 6)}"

    def _ids(self, article: Tag) -> None:
        for el in article.find_all(id=True):
            el["id"] = self.prefixed(self.s.anchor, el["id"])

    def _links(self, article: Tag) -> None:
        base = _FAKE_HOST + self.s.url
        for a in article.find_all("a", href=True):
            href = a["href"]
            target = urljoin(base, href)
            parts = urlsplit(target)
            if not target.startswith(_FAKE_HOST):
                if parts.scheme in ("http", "https", "mailto"):
                    continue  # a link to another site stays a link
                a.unwrap()
                continue
            path = parts.path[len(urlsplit(_FAKE_HOST).path):]
            anchor = self.anchors.get(path)
            if anchor is None:
                a.unwrap()  # a site page that is not in the PDF: plain text
                continue
            fragment = parts.fragment
            if fragment and fragment in self.ids.get(anchor, set()):
                a["href"] = "#" + self.prefixed(anchor, fragment)
            else:
                a["href"] = "#" + anchor
            a["class"] = [*a.get("class", []), "kln-intern"]
            if "/begrippen/" in "/" + path:
                a["class"].append("kln-begriplink")


def print_sections(sections: list[Section], writing_space: Markup) -> None:
    anchors = {s.url: s.anchor for s in sections}
    ids = {s.anchor: {el["id"] for el in s.soup.find_all(id=True)} for s in sections}
    for s in sections:
        s.html = PrintPage(s, anchors, ids, writing_space).transform()


def all_sources(module: Module) -> list[dict]:
    """Every source of the module once, A to Z (lessons first decide the title of a shared URL)."""
    seen: dict[str, dict] = {}
    for bron in [b for les in module.lessen for b in les["bronnen"]] + \
                [b["bron"] for b in module.begrippen.values() if b.get("bron")]:
        key = bron.get("url") or bron["titel"]
        seen.setdefault(key, bron)
    return sorted(seen.values(), key=lambda b: sort_key(b["titel"]))


# --------------------------------------------------------------------------- rendering

def module_html(site: Path, module: Module, ed: Edition, env: jinja2.Environment) -> tuple[str, list[str]]:
    """The module's HTML, and the anchors the PDF must have."""
    sections = site_sections(site, module)
    writing_space = env.get_template("macros.html").module.schrijfruimte(LINES_MODULE)
    print_sections(sections, writing_space)
    parts = {kind: [s for s in sections if s.kind == kind] for kind in ANCHOR_PREFIX}
    html = env.get_template("module.html").render(
        ed=ed, lessen=parts["lessen"], casussen=parts["casussen"], begrippen=parts["begrippen"],
        bronnen=all_sources(module))
    return html, ["omslag", "colofon", "inhoud", *ANCHOR_PREFIX.keys(), "bronnen"] + [s.anchor for s in sections]


def workbook_html(module: Module, ed: Edition, env: jinja2.Environment) -> tuple[str, list[str]]:
    """The workbook's HTML, and the anchors the PDF must have."""
    html = env.get_template("workbook.html").render(
        ed=ed, lessen=module.lessen, casussen=list(module.casussen.values()), regels=LINES_WORKBOOK)
    return html, [f"les-{les['id']}" for les in module.lessen] + [f"casus-{cid}" for cid in module.casussen]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


# Page references ("Inhoud" and "(pagina N)") are first laid out with CSS target-counter(). WeasyPrint
# resolves those after one layout pass; when the resolved numbers make a section longer, later sections
# move while the contents page keeps the old numbers. So the numbers from a finished layout are written
# into the HTML as literal text (data-pagina) and the document is laid out again, until they hold.
_PAGE_REF_RE = re.compile(r'(<a\b[^>]*?href="#([^"]+)")')
_LITERAL_PAGES_CSS = """
.kln-verwijzingen a.kln-intern::after { content: " (pagina " attr(data-pagina) ")"; }
.kln-inhoud a::after { content: leader(".") " " attr(data-pagina); }
"""


def _anchor_pages(document) -> dict[str, int]:
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def _texts(box):
    if getattr(box, "text", None):
        yield box.text
    for child in getattr(box, "children", None) or []:
        yield from _texts(child)


def _rendered_refs(document) -> list[tuple[str, str]]:
    """(anchor, page number as printed) for every page reference that the layout printed."""
    refs = []

    def walk(box):
        children = getattr(box, "children", None) or []
        if getattr(box, "element_tag", None) == "a":
            href = box.element.get("href", "") if getattr(box, "element", None) is not None else ""
            for child in children:
                if getattr(child, "element_tag", None) == "a::after" and href.startswith("#"):
                    text = "".join(_texts(child))
                    number = re.search(r"(\d+)\D*$", text)
                    refs.append((href[1:], number.group(1) if number else text))
        for child in children:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return refs


def _refs_hold(document) -> bool:
    pages = _anchor_pages(document)
    return all(str(pages.get(anchor)) == printed for anchor, printed in _rendered_refs(document))


def _with_page_numbers(html: str, pages: dict[str, int]) -> str:
    return _PAGE_REF_RE.sub(lambda m: f'{m.group(1)} data-pagina="{pages.get(m.group(2), "?")}"', html)


def render_pdf(html: str, target: Path, base_url: Path, anchors: list[str]) -> int:
    """Lay out ``html`` and write it to ``target``. Returns the number of pages.

    Every WeasyPrint warning is an error: a CSS mistake or a lost link should not slip through."""
    import weasyprint

    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        stylesheets = [weasyprint.CSS(filename=str(PRINT_DIR / "print.css"))]
        document = weasyprint.HTML(string=html, base_url=str(base_url)).render(stylesheets=stylesheets)
        literal = stylesheets + [weasyprint.CSS(string=_LITERAL_PAGES_CSS)]
        for _ in range(3 if not _refs_hold(document) else 0):
            pages = _anchor_pages(document)
            document = weasyprint.HTML(string=_with_page_numbers(html, pages), base_url=str(base_url)).render(
                stylesheets=literal)
            if _anchor_pages(document) == pages:
                break
        if not _refs_hold(document):
            collect.messages.append("de paginanummers in de inhoud en de verwijzingen kloppen niet")
        found = {name for page in document.pages for name in page.anchors}
        missing = [a for a in anchors if a not in found]
        if missing:
            collect.messages.append("deze ankers ontbreken in de PDF: " + ", ".join(missing))
        lost = sorted({target for page in document.pages for kind, target, *_ in page.links
                       if kind == "internal" and target not in found})
        if lost:
            collect.messages.append("deze links wijzen naar een anker dat niet bestaat: "
                                    + ", ".join(f"#{t}" for t in lost))
        if collect.messages:
            raise PdfError([f"{target.name}: {m}" for m in collect.messages])
        document.write_pdf(target, pdf_variant=PDF_VARIANT)
        return len(document.pages)
    finally:
        logger.removeHandler(collect)


@dataclass
class Result:
    name: str
    path: Path
    pages: int


def build(site: Path, data_dir: Path = ROOT / "data", config_file: Path = ROOT / "mkdocs.yml") -> list[Result]:
    """Write both PDFs into ``site/downloads``; raise PdfError or ContentError on any problem."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise PdfError(f"{site}: hier staat geen gebouwde site (index.html ontbreekt). "
                       f"Bouw eerst de site met 'mkdocs build --site-dir {site}'")
    module = load_module(data_dir)
    ed = edition(read_config(config_file))
    env = environment()
    try:
        jobs = {MODULE_PDF: module_html(site, module, ed, env), WORKBOOK_PDF: workbook_html(module, ed, env)}
    except jinja2.TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "filename", None) else ""
        raise PdfError(f"templates/print: {where}{exc}") from None

    downloads = site / "downloads"
    created = not downloads.exists()
    downloads.mkdir(exist_ok=True)
    temps: dict[str, Path] = {}
    done = False
    try:
        for name in jobs:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=downloads)
            os.close(fd)
            temps[name] = Path(tmp)
        results = []
        for name, (html, anchors) in jobs.items():
            pages = render_pdf(html, temps[name], site, anchors)
            if pages < 1 or temps[name].stat().st_size == 0:
                raise PdfError(f"{name}: WeasyPrint schreef een lege PDF")
            results.append(Result(name, downloads / name, pages))
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path, help="the built site, e.g. .site-tmp")
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="the content (default: data/)")
    ap.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the MkDocs configuration")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    try:
        results = build(args.site, args.data, args.config)
    except ContentError as exc:
        print(f"PDF maken mislukt: de inhoud bevat {len(exc.messages)} fout(en). Er is geen PDF geschreven.",
              file=sys.stderr)
        for message in exc.messages:
            print(f"  {message}", file=sys.stderr)
        return 1
    except PdfError as exc:
        print("PDF maken mislukt. Er is geen PDF geschreven.", file=sys.stderr)
        for message in exc.messages:
            print(f"  {message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"PDF maken mislukt: {exc}. Er is geen PDF geschreven.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    for r in results:
        print(f"PDF: {r.path} ({r.pages} pagina's, {r.path.stat().st_size // 1024} kB)")
    print(f"PDF's klaar in {seconds:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
