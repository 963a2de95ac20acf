"""mkdocs-macros entry point: registers the macros, nothing more.

Loading and validation live in ``content.py``, rendering in ``render.py``, the page plan in ``pages.py``.
"""
from __future__ import annotations

from pathlib import Path

from . import render
from .content import load_module_cached


def _base(env) -> str:
    """Relative path from the current page's source to the docs root, for links between pages."""
    depth = env.page.file.src_uri.count("/")
    return "../" * depth


def _root(env) -> str:
    """Relative path from the current page's URL to the site root, for files MkDocs does not know
    about (the downloads). Works with and without directory URLs (the offline build has none)."""
    return "../" * env.page.url.count("/")


def define_env(env):
    data_dir = Path(env.conf["config_file_path"]).parent / "data"

    def module():
        return load_module_cached(data_dir)

    env.variables.update({
        "lessen_aantal": len(module().lessen),
        "studietijd_totaal": render.total_study_time(module()),
        "begrippen_aantal": len(module().begrippen),
        "casussen_aantal": len(module().casussen),
    })

    env.macro(lambda item_id: render.lesson_page(module(), item_id, _base(env), _root(env)), "les_pagina")
    # The offline copy is itself the zip: it does not link to the zip.
    offline = any(name.endswith("offline") for name in env.conf["plugins"])
    env.macro(lambda: render.downloads(module(), _base(env), _root(env), offline), "downloads")
    for name, fn in {
        "begrip_pagina": render.term_page,
        "casus_pagina": render.case_page,
    }.items():
        env.macro(lambda item_id, _fn=fn: _fn(module(), item_id, _base(env)), name)
    for name, fn in {
        "lessen_overzicht": render.lesson_list,
        "begrippen_overzicht": render.term_list,
        "casussen_overzicht": render.case_list,
        "begeleiders_plan": render.trainer_plan,
        "werkboek": render.workbook,
        "voortgang": render.progress_total,
    }.items():
        env.macro(lambda _fn=fn: _fn(module(), _base(env)), name)
