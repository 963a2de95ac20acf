"""Which pages the data produces, and where they go in the navigation. Plain functions, no MkDocs.

Every lesson, term and vignette gets a page at ``<section>/<id>.md`` whose whole source is one macro
call, e.g. ``{{ les_pagina("gezamenlijke-taal") }}``. The MkDocs hook adds these as virtual files, so
an author only edits YAML. On an engine without hooks (Zensical, ProperDocs), ``write_stubs`` writes the
same stubs to disk instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import Module
from .render import sort_key


@dataclass(frozen=True)
class PlannedPage:
    src_uri: str   # path inside docs/
    title: str     # title in the navigation
    source: str    # the page's Markdown source


def page_plan(module: Module) -> dict[str, list[PlannedPage]]:
    """The generated pages per section, in navigation order."""
    return {
        "lessen": [PlannedPage(f"lessen/{les['id']}.md", f"{les['nummer']}. {les['titel']}",
                               f'{{{{ les_pagina("{les["id"]}") }}}}\n') for les in module.lessen],
        "casussen": [PlannedPage(f"casussen/{c['id']}.md", c["titel"],
                                 f'{{{{ casus_pagina("{c["id"]}") }}}}\n') for c in module.casussen.values()],
        "begrippen": [PlannedPage(f"begrippen/{b['id']}.md", b["term"],
                                  f'{{{{ begrip_pagina("{b["id"]}") }}}}\n')
                      for b in sorted(module.begrippen.values(), key=lambda b: sort_key(b["term"]))],
    }


# Sections whose generated pages are listed in the navigation. Terms are not: the Begrippen index lists
# them A-Z, and with hundreds of terms every page would otherwise carry them all in its sidebar.
NAV_SECTIONS = ("lessen", "casussen")
# Above this many pages a section is split into groups of NAV_GROUP pages: with Material's
# navigation.prune a page then carries only its own group, so page size stays flat as content grows.
NAV_GROUP = 10
NAV_GROUP_ABOVE = 20


def _grouped(pages: list[PlannedPage], title: str) -> list:
    entries = [{p.title: p.src_uri} for p in pages]
    if len(entries) <= NAV_GROUP_ABOVE:
        return entries
    return [{f"{title} {i + 1} tot en met {min(i + NAV_GROUP, len(entries))}": entries[i:i + NAV_GROUP]}
            for i in range(0, len(entries), NAV_GROUP)]


def expand_nav(nav: list, plan: dict[str, list[PlannedPage]]) -> list:
    """Add the generated pages to the nav sections whose first entry is ``<section>/index.md``."""
    out = []
    for entry in nav:
        if isinstance(entry, dict) and len(entry) == 1:
            (title, children), = entry.items()
            if isinstance(children, list) and children:
                first = children[0] if isinstance(children[0], str) else next(iter(children[0].values()))
                section = first.split("/")[0] if first.endswith("/index.md") else None
                if section in plan and section in NAV_SECTIONS:
                    children = list(children) + _grouped(plan[section], title)
                entry = {title: children}
        out.append(entry)
    return out


def write_stubs(module: Module, docs_dir: Path) -> list[Path]:
    """Write the generated pages as stub files (for engines without an on_files hook)."""
    written = []
    for pages in page_plan(module).values():
        for page in pages:
            path = Path(docs_dir) / page.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.source, encoding="utf-8")
            written.append(path)
    return written
