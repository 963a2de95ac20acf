"""Which pages the data produces, and where they go in the navigation. Plain functions, no MkDocs.

Every lesson, term and vignette (and every programme of the trainer's kit) gets a page at
``<section>/<id>.md``. The ``kln`` plugin adds these as virtual files and renders each one from the data
(render.ITEM_PAGE), so an author only edits YAML.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..content import Module
from . import names
from .render import sort_key


@dataclass(frozen=True)
class PlannedPage:
    src_uri: str   # path inside docs/
    title: str     # title in the navigation
    kind: str = ""     # names.PAGE_KINDS: which renderer makes the page
    item_id: str = ""  # the item it shows

    source = names.GENERATED_SOURCE  # what MkDocs reads; the plugin renders the page itself


def page_plan(module: Module) -> dict[str, list[PlannedPage]]:
    """The generated pages per section of the site, in navigation order (terms A to Z)."""
    items = {
        "lessen": module.lessen,
        "casussen": list(module.casussen.values()),
        "begrippen": sorted(module.begrippen.values(), key=lambda b: sort_key(b["term"])),
        "programmas": list(module.programmas.values()),
    }
    nav_title = {"lessen": lambda les: f"{les['nummer']}. {les['titel']}", "casussen": names.case_title,
                 "begrippen": lambda b: b["term"], "programmas": names.programme_title}
    return {names.SECTION[kind]: [PlannedPage(names.src_uri(kind, item["id"]), nav_title[kind](item), kind, item["id"])
                                  for item in items[kind]]
            for kind in names.PAGE_KINDS}


# Sections whose generated pages are listed in the navigation. Terms are not: the Begrippen index lists
# them A-Z, and with hundreds of terms every page would otherwise carry them all in its sidebar.
NAV_SECTIONS = ("lessen", "casussen", "begeleiders")
# Above this many pages a section is split into groups of NAV_GROUP pages (of NAV_GROUP groups, and so
# on): with Material's navigation.prune a page then carries only its own groups, so page size stays
# nearly flat as content grows.
NAV_GROUP = 10
NAV_GROUP_ABOVE = 20


def _grouped(pages: list[PlannedPage], title: str, start: int = 1) -> list:
    """The pages as nav entries; above NAV_GROUP_ABOVE, in groups of 10 (or 100, 1000, ... so that a
    level never has more than NAV_GROUP_ABOVE entries), each group grouped again the same way."""
    entries = [{p.title: p.src_uri} for p in pages]
    if len(entries) <= NAV_GROUP_ABOVE:
        return entries
    size = NAV_GROUP
    while -(-len(entries) // size) > NAV_GROUP_ABOVE:
        size *= NAV_GROUP
    return [{f"{title} {start + i} tot en met {start + min(i + size, len(entries)) - 1}":
             _grouped(pages[i:i + size], title, start + i)}
            for i in range(0, len(entries), size)]


def expand_nav(nav: list, plan: dict[str, list[PlannedPage]]) -> list:
    """Add the generated pages to the nav sections whose first entry is ``<section>/index.md``, right
    after that entry (fixed pages of the section follow them)."""
    out = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1:
            (title, children), = entry.items()
            if isinstance(children, list) and children:
                first = children[0] if isinstance(children[0], str) else next(iter(children[0].values()))
                section = first.split("/")[0] if first.endswith("/index.md") else None
                if section in plan and section in NAV_SECTIONS:
                    children = [children[0], *_grouped(plan[section], title), *children[1:]]
                entry = {title: children}
        out.append(entry)
    return out
