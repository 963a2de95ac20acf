"""Render the module's pages to Markdown through the Jinja partials in ``templates/``.

Plain functions, no MkDocs in here. Each takes the loaded ``Module`` and a *target*: where the Markdown
goes. ``Site`` links between the pages of the website (relative ``.md`` links that MkDocs resolves);
``Print`` renders the same partials for the module PDF: links go to the sections of the PDF, tabs are
shown one after another, folded parts are open, answer fields become writing lines, and references
carry the page where their target starts. One set of partials is the single source of truth for both.

Text from YAML is escaped on the way in (filters ``txt`` and ``md``): it can never become live HTML.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup

from ..content import Module
from ..paths import SITE_TEMPLATES
from . import names
from .linking import TermLinker

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


_BARE_URL = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:]")


def escape_text_links(value: str) -> str:
    """Plain text from YAML in which a bare web address becomes a link (a Markdown autolink)."""
    return _BARE_URL.sub(lambda m: f"<{m.group(0)}>", escape_text(value))


def escape_markdown(value: str) -> str:
    """Markdown from YAML: Markdown stays, but '<' can never open an HTML tag."""
    return str(value).replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")


def sort_key(term: str) -> str:
    """Alphabetical order that ignores case and accents (Cliënt sorts under C)."""
    return unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode().lower()


# --------------------------------------------------------------------------- targets

@dataclass(frozen=True)
class Site:
    """The website. ``base``: from this page's source to docs/ ("" for the home page, "../" in a
    section); ``root``: from this page's address to the site root, for files MkDocs does not know
    (the downloads; with and without directory URLs). ``offline``: the copy on disk."""

    base: str = "../"
    root: str = "../../"
    offline: bool = False
    print = False

    @classmethod
    def for_page(cls, src_uri: str, url: str, offline: bool = False) -> Site:
        """Links from the page with this source path ('lessen/x.md') and address ('lessen/x/', or
        'lessen/x.html' in the offline copy, which has no directory URLs)."""
        return cls(base="../" * src_uri.count("/"), root="../" * url.count("/"), offline=offline)

    def item(self, kind: str, item_id: str) -> str:
        return self.base + names.src_uri(kind, item_id)

    def index(self, kind: str) -> str:
        return f"{self.base}{kind}/index.md"

    def fixed(self, name: str) -> str | None:
        return f"{self.base}{name}.md"

    def download(self, key: str) -> str:
        return self.root + names.DOWNLOADS[key]

    def at(self, page: str, anchor: str) -> str | None:
        """A place on a fixed page: 'begeleiders/sleutels' and 'sleutel-x' give '../begeleiders/sleutels.md#sleutel-x'."""
        return f"{self.fixed(page)}#{anchor}"

    def address(self, name: str) -> str:
        """The address of a fixed page for scripts (a data attribute, which MkDocs does not rewrite):
        'werkboek/' from the site root, or 'werkboek.html' in the offline copy."""
        return self.root + (f"{name}.html" if self.offline else f"{name}/")

    def term_link(self, text: str, begrip: dict) -> str:
        # The title becomes Material's tooltip; data-kort serves touch screens (assets/begrippen.js).
        tip = escape_text(begrip["kort"]).replace("&quot;", "'")
        return f'[{text}]({self.item("begrippen", begrip["id"])} "{tip}"){{ data-kort="{tip}" }}'

    def page_of(self, kind: str, item_id: str) -> str | None:
        return None


# The element a page reference becomes in print; print.css gives it its number (target-counter).
PAGE_NUMBER_CLASS = "kln-pagina"

# Fixed pages of the site that are also a section of the module PDF.
IN_PRINT = ("hulp-en-advies",)


@dataclass(frozen=True)
class Print:
    """The module PDF. Page references are left to the layout: an empty element whose number WeasyPrint
    fills in with CSS ``target-counter()`` (print.css), so one layout gives every number."""

    in_print: tuple[str, ...] = field(default=IN_PRINT)
    print = True
    offline = False

    def item(self, kind: str, item_id: str) -> str:
        return "#" + names.anchor(kind, item_id)

    def index(self, kind: str) -> str:
        return "#" + kind

    def fixed(self, name: str) -> str | None:
        return "#" + name if name in self.in_print else None

    def download(self, key: str) -> str | None:
        return None

    def at(self, page: str, anchor: str) -> str | None:
        return "#" + anchor if page in self.in_print else None

    def term_link(self, text: str, begrip: dict) -> str:
        return f'[{text}]({self.item("begrippen", begrip["id"])}){{ .kln-begriplink }}'

    def page_of(self, kind: str, item_id: str | None = None) -> Markup:
        """The page number of a section (``kind``) or an item's section, as the layout will print it.
        Keep it outside a link: WeasyPrint gives a link around such a number a second, untagged annotation
        (PDF/UA; tests/test_pdf.py runs outloud on every PDF)."""
        anchor = names.anchor(kind, item_id) if item_id else kind
        return Markup(f'<span class="{PAGE_NUMBER_CLASS}" data-doel="#{anchor}"></span>')


# The fixed pages that are a part of the begeleidersmap PDF.
KIT_IN_PRINT = ("hulp-en-advies", "begeleiders/spelregels", "begeleiders/sleutels", "begeleiders/groepsopdrachten",
                "begeleiders/evaluatie")


@dataclass(frozen=True)
class KitPrint(Print):
    """The begeleidersmap PDF: programmes, ground rules, keys, exercise cards, evaluation, and the route of
    Hulp en advies. Lessons, vignettes and terms are not in it: they are named, not linked."""

    in_print: tuple[str, ...] = field(default=KIT_IN_PRINT)

    def item(self, kind: str, item_id: str) -> str | None:
        return "#" + names.anchor(kind, item_id) if kind == "programmas" else None

    def fixed(self, name: str) -> str | None:
        return "#" + name.split("/")[-1] if name in self.in_print else None

    def term_link(self, text: str, begrip: dict) -> str:
        return text


Target = Site | Print


# --------------------------------------------------------------------------- rendering

def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SITE_TEMPLATES)),
        autoescape=False,  # the output is Markdown; YAML text is escaped by the filters below
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["txt"] = escape_text
    env.filters["txt_links"] = escape_text_links
    env.filters["wereld"] = lambda key: WERELDEN[key]
    env.filters["fase"] = lambda key: FASEN[key]
    env.globals.update(titel_les=names.lesson_title, titel_begrip=names.term_title, DOWNLOADS=names.DOWNLOADS,
                       anchor=names.anchor,
                       titel_opdracht=names.exercise_title, WERELDEN=WERELDEN, FASEN=FASEN)
    return env


_ENV = _environment()  # immutable after creation: templates are read once per process


def render(template: str, module: Module, target: Target, skip_term: str | None = None, **context) -> str:
    """Render one partial for ``target``. ``md`` renders Markdown from YAML with glossary links."""
    linker = TermLinker(module, target.term_link, skip_term)

    def md(value: str) -> str:
        return linker(escape_markdown(value))

    def url(kind: str, item_id: str | None = None) -> str:
        return target.item(kind, item_id) if item_id else target.index(kind)

    def link(text: str, href: str | None) -> str:
        """A Markdown link, or the text alone where the target is not in this document."""
        return f"[{text}]({href})" if href else text

    return _ENV.get_template(template).render(
        module=module, t=target, print=target.print, md=md, md_plain=escape_markdown, url=url, link=link,
        url_page=target.fixed, fold="!!!" if target.print else "???", **context)


def downloads(module: Module, target: Target) -> str:
    return render("download-list.md", module, target)


def lesson_page(module: Module, les_id: str, target: Target | None = None) -> str:
    target = target or Site()
    lessen = module.lessen
    i = next(i for i, les in enumerate(lessen) if les["id"] == les_id)
    return render("lesson-page.md", module, target,
                  les=lessen[i],
                  vorige=lessen[i - 1] if i > 0 else None,
                  volgende=lessen[i + 1] if i + 1 < len(lessen) else None,
                  casussen=module.casussen_bij_les(les_id))


def lesson_list(module: Module, target: Target | None = None) -> str:
    return render("lesson-list.md", module, target or Site(), lessen=module.lessen)


def term_page(module: Module, term_id: str, target: Target | None = None) -> str:
    lessen, casussen = module.gebruik_van_begrip(term_id)
    return render("term-page.md", module, target or Site(), skip_term=term_id,
                  begrip=module.begrippen[term_id], lessen=lessen, casussen=casussen)


def term_groups(module: Module) -> dict[str, list[dict]]:
    """The terms A to Z, grouped by first letter."""
    groups: dict[str, list[dict]] = {}
    for b in sorted(module.begrippen.values(), key=lambda b: sort_key(b["term"])):
        groups.setdefault(sort_key(b["term"])[0].upper(), []).append(b)
    return groups


def term_list(module: Module, target: Target | None = None) -> str:
    return render("term-list.md", module, target or Site(), groepen=term_groups(module))


def case_page(module: Module, casus_id: str, target: Target | None = None) -> str:
    casus = module.casussen[casus_id]
    return render("case-page.md", module, target or Site(), casus=casus,
                  lessen=[module.les_by_id[ref] for ref in casus["lessen"]])


def case_list(module: Module, target: Target | None = None) -> str:
    return render("case-list.md", module, target or Site(), casussen=list(module.casussen.values()))


# --------------------------------------------------------------------------- Voor begeleiders

def clock(minutes: int) -> str:
    """Minutes from the start of a meeting as 'h:mm': 95 -> '1:35'."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def meeting_parts(module: Module, bijeenkomst: dict) -> list[dict]:
    """The parts of a meeting with their start and end ('0:55', '1:35') and their title; a group
    exercise takes its title from its lesson."""
    out, start = [], 0
    for part in bijeenkomst["onderdelen"]:
        les = module.les_by_id[part["werkvorm"]] if "werkvorm" in part else None
        out.append({"van": clock(start), "tot": clock(start + part["minuten"]), "minuten": part["minuten"],
                    "titel": names.exercise_title(les) if les else part["wat"], "les": les,
                    "hoe": part.get("hoe")})
        start += part["minuten"]
    return out


def trainer_overview(module: Module, target: Target | None = None) -> str:
    return render("trainer-overview.md", module, target or Site(), bg=module.begeleiders,
                  programmas=list(module.programmas.values()))


def programme_page(module: Module, programma_id: str, target: Target | None = None) -> str:
    programma = module.programmas[programma_id]
    meetings = [{"nummer": n, "titel": names.meeting_title(n, b), "b": b,
                 "anker": names.anchor("bijeenkomst", f"{programma_id}-{n}"),
                 "lessen": [module.les_by_id[ref] for ref in b["lessen"]],
                 "casus": module.casussen[b["casus"]], "delen": meeting_parts(module, b)}
                for n, b in enumerate(programma["bijeenkomsten"], 1)]
    return render("programme-page.md", module, target or Site(), programma=programma, bijeenkomsten=meetings,
                  totaal=sum(b["duur"] for b in programma["bijeenkomsten"]))


def ground_rules(module: Module, target: Target | None = None) -> str:
    return render("ground-rules.md", module, target or Site(), spelregels=module.begeleiders["spelregels"])


def case_keys(module: Module, target: Target | None = None) -> str:
    return render("case-key-list.md", module, target or Site(),
                  sleutels=[(module.casussen[cid], key) for cid, key in module.sleutels.items()])


def case_key(module: Module, casus_id: str, target: Target | None = None) -> str:
    """One vignette's key (a section of the begeleidersmap PDF)."""
    return render("case-key-item.md", module, target or Site(), casus=module.casussen[casus_id],
                  sleutel=module.sleutels[casus_id])


def exercise_card(module: Module, les_id: str, target: Target | None = None) -> str:
    """One lesson's group exercise as a card with its steps and times."""
    return render("exercise-card.md", module, target or Site(), les=module.les_by_id[les_id])


def trainer_plan(module: Module, target: Target | None = None) -> str:
    """Every group exercise, as cards (the page Groepsopdrachten)."""
    return render("exercise-plan.md", module, target or Site(), lessen=module.lessen)


def evaluation_form(module: Module, target: Target | None = None) -> str:
    return render("evaluation-form.md", module, target or Site(), evaluatie=module.begeleiders["evaluatie"])


def workbook(module: Module, target: Target | None = None) -> str:
    target = target or Site(base="")
    groups = [{"titel": names.lesson_title(les), "soort": "de les", "url": target.item("lessen", les["id"]),
               "vragen": les["reflectievragen"], "kennischeck": [q["id"] for q in les["kennischeck"]]}
              for les in module.lessen]
    groups += [{"titel": f"Casus: {c['titel']}", "soort": "de casus", "url": target.item("casussen", c["id"]),
                "vragen": c["vragen"], "kennischeck": []} for c in module.casussen.values()]
    return render("workbook-list.md", module, target, groepen=groups)


def progress_total(module: Module, target: Target | None = None, lijst: bool = False) -> str:
    """Lessons done and the "Ga verder" button; with ``lijst`` also each lesson's state (home page)."""
    return render("progress-total.md", module, target or Site(base=""), lessen=module.lessen, lijst=lijst)


def progress_per_lesson(module: Module, target: Target | None = None) -> str:
    return progress_total(module, target, lijst=True)


def completion_page(module: Module, target: Target | None = None) -> str:
    return render("completion-page.md", module, target or Site(base=""), lessen=module.lessen)


def help_page(module: Module, target: Target | None = None) -> str:
    return render("help-page.md", module, target or Site(base=""), hulp=module.hulp)


def total_study_time(module: Module) -> int:
    return module.studietijd_totaal


# The page of each kind of item, by the kind's name in names.PAGE_KINDS.
ITEM_PAGE = {"lessen": lesson_page, "casussen": case_page, "begrippen": term_page, "programmas": programme_page}
