"""MkDocs hooks: validate the content before anything is written, and add the generated pages.

Thin on purpose: the work is done by plain functions in content.py and pages.py.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from macros.content import ContentError, load_module_cached  # noqa: E402
from macros.pages import expand_nav, page_plan  # noqa: E402

log = logging.getLogger("mkdocs.hooks.kln")
_state: dict = {}


@event_priority(100)  # before mkdocs-macros loads the data: nothing renders from invalid content
def on_config(config):
    data_dir = Path(config.config_file_path).parent / "data"
    try:
        module = load_module_cached(data_dir)
    except ContentError as exc:
        raise Abort("De inhoud in data/ bevat fouten. Er is niets gebouwd.\n" + "\n".join(exc.messages))
    for warning in module.warnings:
        log.info("Let op: %s", warning)
    _state["plan"] = page_plan(module)
    config.nav = expand_nav(config.nav or [], _state["plan"])
    return config


def on_files(files, config):
    for pages in _state["plan"].values():
        for page in pages:
            files.append(File.generated(config, page.src_uri, content=page.source))
    return files
