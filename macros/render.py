"""Render the module's pages to Markdown through the Jinja partials in ``templates/``.

Plain functions, no MkDocs in here: each takes the loaded ``Module`` and ``base``, the relative path
from the page being rendered to the docs root ("" for the home page, "../" for a page in a section).
The Markdown they return is then rendered by the site's own Markdown extensions, so Markdown inside
YAML fields gets exactly the same treatment as the rest of the site.

Text from YAML is escaped on the way in (filters ``txt`` and ``md``): it can never become live HTML.
"""
from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import jinja2

from .content import Module

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

WERELDEN = {
    "veiligheid": "Veiligheid",
    "zorg": "Zorg",
    "onderwijs": "Onderwijs",
    "sociaal_domein": "Sociaal domein",
}
FASEN = {
    "handelen": "Terugkijken op een situatie",
    "terugblikken": "Wat wilde, dacht, voelde en deed je?",
    "bewustwording": "Wat is de kern?",
    "alternatieven": "Wat kan anders?",
    "uitproberen": "Wat ga je proberen?",
}


def escape_text(value: str) -> str:
    """Plain text from YAML: no HTML, no Markdown attribute lists."""
    return html.escape(str(value), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def escape_markdown(value: str) -> str:
    """Markdown from YAML: Markdown stays, but '<' can never open an HTML tag."""
    return str(value).replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")


_LINK_RE = re.compile(r"\[[^\]]*\]\([^)]*\)")


_TOKEN_RE = re.compile(r"[\w-]+")
_INDEX_CACHE: dict[int, tuple] = {}


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """Words (maximal runs of letters, digits and hyphens) and the separators between them."""
    matches = list(_TOKEN_RE.finditer(text))
    words = [m.group(0) for m in matches]
    seps = [" ".join(text[a.end():b.start()].split()) for a, b in zip(matches, matches[1:])]
    return words, seps


def _term_index(module: Module) -> dict[str, list[tuple]]:
    """Every form of every term, indexed by its first word (lower case), longest forms first.

    A dictionary look-up per word keeps linking linear in the length of the text, however many terms
    there are (one big regex alternation grew with pages x terms).
    """
    key = id(module.begrippen)
    if key not in _INDEX_CACHE:
        index: dict[str, list[tuple]] = {}
        for bid, b in module.begrippen.items():
            for form in {b["term"], b.get("afkorting"), *b.get("vormen", [])} - {None}:
                words, seps = _tokens(form)
                if words:
                    # Abbreviations match case-sensitively (AVG), other forms in any case (Casusoverleg).
                    exact = form.isupper()
                    entry = ([w if exact else w.lower() for w in words], seps, exact, bid)
                    index.setdefault(words[0].lower(), []).append(entry)
        for entries in index.values():
            entries.sort(key=lambda e: (-len(e[0]), e[3]))
        _INDEX_CACHE.clear()
        _INDEX_CACHE[key] = (module.begrippen, index)  # keeps the dict alive, so its id stays unique
    return _INDEX_CACHE[key][1]


class TermLinker:
    """Links the first occurrence on a page of every glossary term to its page, with a tooltip."""

    def __init__(self, module: Module, base: str, skip: str | None = None):
        self.base = base
        self.done: set[str] = {skip} if skip else set()
        self.terms = module.begrippen
        self.index = _term_index(module)

    def _link_segment(self, text: str) -> str:
        matches = list(_TOKEN_RE.finditer(text))
        out, pos, i = [], 0, 0
        while i < len(matches):
            found = None
            for words, seps, exact, bid in self.index.get(matches[i].group(0).lower(), ()):
                n = len(words)
                if bid in self.done or i + n > len(matches):
                    continue
                cand = [m.group(0) for m in matches[i:i + n]]
                if (cand if exact else [w.lower() for w in cand]) != words:
                    continue
                if [" ".join(text[a.end():b.start()].split()) for a, b in zip(matches[i:i + n], matches[i + 1:i + n])] != seps:
                    continue
                found = (n, bid)
                break
            if found:
                n, bid = found
                start, end = matches[i].start(), matches[i + n - 1].end()
                self.done.add(bid)
                tip = escape_text(self.terms[bid]["kort"]).replace("&quot;", "'")
                out.append(text[pos:start])
                # The title becomes Material's tooltip; data-kort serves touch screens (assets/begrippen.js).
                out.append(f'[{text[start:end]}]({self.base}begrippen/{bid}.md "{tip}"){{ data-kort="{tip}" }}')
                pos = end
                i += n
            else:
                i += 1
        out.append(text[pos:])
        return "".join(out)

    def __call__(self, text: str) -> str:
        out, pos = [], 0
        for m in _LINK_RE.finditer(text):  # never link inside an existing link
            out.append(self._link_segment(text[pos:m.start()]))
            out.append(m.group(0))
            pos = m.end()
        out.append(self._link_segment(text[pos:]))
        return "".join(out)


def sort_key(term: str) -> str:
    """Alphabetical order that ignores case and accents (Cliënt sorts under C)."""
    return unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode().lower()


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=False,  # the output is Markdown; YAML text is escaped by the filters below
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["txt"] = escape_text
    env.filters["wereld"] = lambda key: WERELDEN[key]
    env.filters["fase"] = lambda key: FASEN[key]
    return env


_ENV = _environment()


def _render(template: str, module: Module, base: str, skip_term: str | None = None, **context) -> str:
    linker = TermLinker(module, base, skip_term)

    def md(value: str) -> str:
        return linker(escape_markdown(value))

    def md_plain(value: str) -> str:
        return escape_markdown(value)

    def url(kind: str, item_id: str | None = None) -> str:
        return f"{base}{kind}/{item_id}.md" if item_id else f"{base}{kind}/index.md"

    def url_page(name: str) -> str:
        return f"{base}{name}.md"

    return _ENV.get_template(template).render(
        module=module, base=base, md=md, md_plain=md_plain, url=url, url_page=url_page,
        WERELDEN=WERELDEN, FASEN=FASEN, **context,
    )


DOWNLOADS = {"module": "downloads/krachtig-lerende-netwerken.pdf", "werkboek": "downloads/werkboek.pdf",
             "offline": "downloads/krachtig-lerende-netwerken-offline.zip"}


def downloads(module: Module, base: str = "", root: str = "", offline: bool = False) -> str:
    return _render("download-list.md", module, base, root=root, downloads=DOWNLOADS, offline=offline)


def lesson_page(module: Module, les_id: str, base: str = "../", root: str = "../../") -> str:
    lessen = module.lessen
    i = next(i for i, les in enumerate(lessen) if les["id"] == les_id)
    return _render(
        "lesson-page.md", module, base, root=root, downloads=DOWNLOADS,
        les=lessen[i],
        vorige=lessen[i - 1] if i > 0 else None,
        volgende=lessen[i + 1] if i + 1 < len(lessen) else None,
        casussen=module.casussen_bij_les(les_id),
    )


def lesson_list(module: Module, base: str = "../") -> str:
    return _render("lesson-list.md", module, base, lessen=module.lessen)


def term_page(module: Module, term_id: str, base: str = "../") -> str:
    lessen, casussen = module.gebruik_van_begrip(term_id)
    return _render("term-page.md", module, base, skip_term=term_id,
                   begrip=module.begrippen[term_id], lessen=lessen, casussen=casussen)


def term_list(module: Module, base: str = "../") -> str:
    groups: dict[str, list[dict]] = {}
    for b in sorted(module.begrippen.values(), key=lambda b: sort_key(b["term"])):
        groups.setdefault(sort_key(b["term"])[0].upper(), []).append(b)
    return _render("term-list.md", module, base, groepen=groups)


def case_page(module: Module, casus_id: str, base: str = "../") -> str:
    casus = module.casussen[casus_id]
    return _render("case-page.md", module, base, casus=casus,
                   lessen=[module.les_by_id[ref] for ref in casus["lessen"]])


def case_list(module: Module, base: str = "../") -> str:
    return _render("case-list.md", module, base, casussen=list(module.casussen.values()))


def trainer_plan(module: Module, base: str = "") -> str:
    return _render("exercise-plan.md", module, base, lessen=module.lessen)


def workbook(module: Module, base: str = "") -> str:
    groups = [{"titel": f"Les {les['nummer']}. {les['titel']}", "soort": "de les",
               "url": f"{base}lessen/{les['id']}.md", "vragen": les["reflectievragen"]} for les in module.lessen]
    groups += [{"titel": f"Casus: {c['titel']}", "soort": "de casus",
                "url": f"{base}casussen/{c['id']}.md", "vragen": c["vragen"]} for c in module.casussen.values()]
    return _render("workbook-list.md", module, base, groepen=groups)


def progress_total(module: Module, base: str = "") -> str:
    return _render("progress-total.md", module, base, lessen=module.lessen)


def total_study_time(module: Module) -> int:
    return sum(les["studietijd"] for les in module.lessen)
