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


class TermLinker:
    """Links the first occurrence on a page of every glossary term to its page, with a tooltip."""

    def __init__(self, module: Module, base: str, skip: str | None = None):
        self.base = base
        self.done: set[str] = {skip} if skip else set()
        forms: list[tuple[str, str]] = []
        for bid, b in module.begrippen.items():
            for form in [b["term"], b.get("afkorting"), *b.get("vormen", [])]:
                if form:
                    forms.append((form, bid))
        forms.sort(key=lambda f: -len(f[0]))
        self.forms = forms
        self.terms = module.begrippen
        parts = []
        for i, (form, _) in enumerate(forms):
            flags = "" if form.isupper() else "(?i:"
            body = re.escape(form)
            parts.append(f"(?P<t{i}>{flags}{body}{')' if flags else ''})")
        self.regex = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])") if parts else None

    def _link(self, match: re.Match) -> str:
        index = int(match.lastgroup[1:])
        bid = self.forms[index][1]
        if bid in self.done:
            return match.group(0)
        self.done.add(bid)
        tip = escape_text(self.terms[bid]["kort"]).replace("&quot;", "'")
        return f'[{match.group(0)}]({self.base}begrippen/{bid}.md "{tip}")'

    def __call__(self, text: str) -> str:
        if self.regex is None:
            return text
        out, pos = [], 0
        for m in _LINK_RE.finditer(text):  # never link inside an existing link
            out.append(self.regex.sub(self._link, text[pos:m.start()]))
            out.append(m.group(0))
            pos = m.end()
        out.append(self.regex.sub(self._link, text[pos:]))
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


def lesson_page(module: Module, les_id: str, base: str = "../") -> str:
    lessen = module.lessen
    i = next(i for i, les in enumerate(lessen) if les["id"] == les_id)
    return _render(
        "lesson-page.md", module, base,
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
