"""Krachtig lerende netwerken: the module's build code, as one package.

The data flows through the subpackages in this order:

    content/   YAML -> Module: load, validate, cross-check (no MkDocs)
    site/      Module -> pages: page plan, names, glossary linking, rendering (Jinja partials)
    publish/   site -> downloads: the PDFs, the offline zip, the security headers
    quality/   readability, spelling and study time, for `make check` and the tests

This file is mkdocs-macros' entry point (``modules: [macros]`` in mkdocs.yml): ``define_env`` only
registers the macros; the module comes from the ``kln`` MkDocs plugin (site/plugin.py), which loads and
validates the content once per build, before anything renders.
"""
from __future__ import annotations


def define_env(env):
    from .site import render
    from .site.render import Site

    plugin = env.conf["plugins"]["kln"]

    def module():
        return plugin.module

    def target() -> Site:
        """Links from the current page: to other pages' sources, and to the site root for downloads."""
        return Site.for_page(env.page.file.src_uri, env.page.url, plugin.offline)

    env.variables.update({
        "lessen_aantal": len(module().lessen),
        "begrippen_aantal": len(module().begrippen),
        "casussen_aantal": len(module().casussen),
        "studietijd_lessen": module().studietijd_lessen,
        "studietijd_casussen": module().studietijd_casussen,
        "studietijd_totaal": module().studietijd_totaal,
    })
    # The pages of lessons, vignettes and terms are not macros: the kln plugin renders them (site/plugin.py).
    for name, fn in {
        "downloads": render.downloads,
        "lessen_overzicht": render.lesson_list,
        "begrippen_overzicht": render.term_list,
        "casussen_overzicht": render.case_list,
        "begeleiders_plan": render.trainer_plan,
        "begeleiders_overzicht": render.trainer_overview,
        "spelregels": render.ground_rules,
        "sleutels": render.case_keys,
        "evaluatieformulier": render.evaluation_form,
        "werkboek": render.workbook,
        "voortgang": render.progress_total,
        "voortgang_per_les": render.progress_per_lesson,
        "afronding": render.completion_page,
        "hulp_pagina": render.help_page,
    }.items():
        env.macro(lambda _fn=fn: _fn(module(), target()), name)
