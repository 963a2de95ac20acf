"""The ``kln`` MkDocs plugin: validates the content before anything is written, adds a page per
lesson, term and vignette, and keeps every page valid and private. Its state (the loaded module, the
page plan) lives on the plugin object, one per build.

Thin on purpose: the work is done by plain functions in content/ and site/.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from ..content import ContentError, Module, load_module
from ..content import markup
from . import render
from .pages import PlannedPage, expand_nav, page_plan
from ..publish import fingerprint

log = logging.getLogger("mkdocs.plugins.kln")

# Loaded by overrides/main.html, not through extra_javascript: it also gets a hashed name.
LATE_SEARCH = "assets/zoeken-later.js"

# Material's base.html writes two hidden checkboxes (the drawer and search toggles) with
# autocomplete="off", which HTML allows only on text-like inputs (Nu Html Checker error). They stand
# outside every template block, so a block override cannot reach them, and replacing base.html (260
# lines) for two attributes would freeze all of it here. The plugin removes exactly these strings and
# stops the build when one is missing, so a Material update that changes them is noticed at once.
MARKUP_FIXES = {
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">':
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">':
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
}


def fix_material_markup(html: str, where: str) -> str:
    for old, new in MARKUP_FIXES.items():
        if html.count(old) != 1:
            raise Abort(f"{where}: Materials HTML is veranderd; deze regel staat er niet precies één keer "
                        f"in: {old}\nPas MARKUP_FIXES in macros/site/plugin.py aan.")
        html = html.replace(old, new)
    return html


class KlnPlugin(BasePlugin):
    module: Module
    plan: dict[str, list[PlannedPage]]
    generated: dict[str, PlannedPage]  # the generated pages by source path
    in_nav: set[str]                   # source paths of the pages in the navigation
    hashed: Callable[[str], str]       # points a page's links to our assets at their hashed names
    offline: bool = False

    @event_priority(100)  # before mkdocs-macros uses the module: nothing renders from invalid content
    def on_config(self, config):
        from pathlib import Path

        data_dir = Path(config.config_file_path).parent / "data"
        try:
            self.module = load_module(data_dir)
        except ContentError as exc:
            raise Abort("De inhoud in data/ bevat fouten. Er is niets gebouwd.\n" + "\n".join(exc.messages))
        for warning in self.module.warnings:
            log.info("Let op: %s", warning)
        # The offline copy is itself the zip (Material's offline plugin): it does not link to the zip.
        self.offline = "offline" in config.plugins or "material/offline" in config.plugins
        self.plan = page_plan(self.module)
        config.nav = expand_nav(config.nav or [], self.plan)
        return config

    def on_files(self, files, config):
        self.generated = {}
        for pages in self.plan.values():
            for page in pages:
                files.append(File.generated(config, page.src_uri, content=page.source))
                self.generated[page.src_uri] = page
        # Our own assets get a content hash in their name (publish/fingerprint.py), so that a server may
        # cache them for a year (deploy/nginx.conf). They are written under that name; pages link it.
        assets = [str(getattr(a, "path", a)) for a in [*config.extra_css, *config.extra_javascript]]
        ours = {f.src_uri: f for a in [*assets, LATE_SEARCH] if not a.startswith(("http:", "https:"))
                if (f := files.get_file_from_path(a)) is not None}
        renames = fingerprint.hashed_names({uri: f.content_bytes for uri, f in ours.items()})
        for uri, f in ours.items():
            f.dest_uri = renames[uri]
        self.hashed = fingerprint.rewriter(renames)
        return files

    def on_nav(self, nav, config, files):
        self.in_nav = {p.file.src_uri for p in nav.pages}
        return nav

    def on_page_context(self, context, page, config, nav):
        # For overrides/partials/toc.html: a set look-up instead of a search through every page.
        context["kln_in_nav"] = page.file.src_uri in self.in_nav
        return context

    def on_page_markdown(self, markdown, page, config, files):
        """A generated page is rendered here, straight from the data. Its source tells the macros plugin
        to leave it alone (names.GENERATED_SOURCE): that saves a Jinja compile of every page."""
        planned = self.generated.get(page.file.src_uri)
        if planned is None or not page.file.generated_by:
            return markdown
        target = render.Site.for_page(page.file.src_uri, page.url, self.offline)
        return render.ITEM_PAGE[planned.kind](self.module, planned.item_id, target)

    def on_page_content(self, html, page, config, files):
        """Nothing on a page may load from another host: data/ is checked before the build; this
        catches the fixed pages in docs/ (an image in Markdown, an iframe) in their rendered form."""
        found = markup.foreign_resources(html)
        if found:
            source = page.file.content_string if page.file.abs_src_path else ""
            lines = []
            for _, url in found:
                pos = source.find(url)
                where = f"docs/{page.file.src_uri}" + (f":{source.count(chr(10), 0, pos) + 1}" if pos >= 0 else "")
                lines.append(f"  {where}: een afbeelding of ander bestand van een andere website is niet "
                             f"toegestaan: {url}. {markup.RESOURCE_HELP}")
            raise Abort("Er is niets gebouwd.\n" + "\n".join(lines))
        return html

    def on_post_page(self, output, page, config):
        return self.hashed(fix_material_markup(output, page.file.src_uri))

    def on_post_template(self, output_content, template_name, config):
        # 404.html is rendered from base.html too, but as a static template, not as a page.
        if template_name != "404.html":
            return output_content
        return self.hashed(fix_material_markup(output_content, template_name))
