"""MkDocs hooks that time every page of a build, by kind of page (`make bench`, scaled builds only).

Four spans per page, in the order MkDocs runs them:
- macros: from reading the page source until the macros (or our plugin) have rendered it to Markdown;
- Markdown: Python-Markdown, Markdown to HTML (with MkDocs' link checks);
- search: the search plugin reading the page's HTML;
- template: Material's page template (with the navigation), and the fixes of our plugin.
What is left of the build (loading and validating the data, the navigation, copying the theme, the
search index) is the build time minus these spans. The sums go to the JSON file named by
KLN_PAGE_TIMING, per kind: the first folder of the page ('lessen', 'begrippen', ...), or 'vast' for the
fixed pages at the top. Never imported by the build itself.
"""
from __future__ import annotations

import json
import os
import time

from mkdocs.plugins import CombinedEvent, event_priority

_start: dict[str, list[float]] = {}


def on_pre_page(page, config, files):
    _start[page.file.src_uri] = [time.perf_counter()]
    return page


@event_priority(-100)   # after the macros plugin
def on_page_markdown(markdown, page, config, files):
    _start[page.file.src_uri].append(time.perf_counter())
    return markdown


@event_priority(-100)
def on_page_content(html, page, config, files):
    _start[page.file.src_uri].append(time.perf_counter())
    return html


@event_priority(100)    # before the search plugin reads the page
def _context_first(context, page, config, nav):
    _start[page.file.src_uri].append(time.perf_counter())
    return context


@event_priority(-100)   # after the search plugin has read the page
def _context_last(context, page, config, nav):
    _start[page.file.src_uri].append(time.perf_counter())
    return context


on_page_context = CombinedEvent(_context_first, _context_last)


@event_priority(-100)
def on_post_page(output, page, config):
    _start[page.file.src_uri].append(time.perf_counter())
    return output


def on_post_build(config):
    target = os.environ.get("KLN_PAGE_TIMING")
    if not target:
        return
    sums: dict[str, dict[str, float]] = {}
    for uri, t in _start.items():
        if len(t) != 6:
            continue
        kind = uri.split("/")[0] if "/" in uri else "vast"
        s = sums.setdefault(kind, {"pages": 0, "macros": 0.0, "markdown": 0.0, "search": 0.0, "template": 0.0})
        s["pages"] += 1
        s["macros"] += t[1] - t[0]
        s["markdown"] += t[2] - t[1]
        s["search"] += t[4] - t[3]
        s["template"] += t[5] - t[4]
    with open(target, "w", encoding="utf-8") as f:
        json.dump(sums, f, indent=1)
