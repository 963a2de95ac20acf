"""Answers are never orphaned: every question id ever published stays in data/vraag-sleutels.yaml.

A learner's answers are stored in their browser under the question's id. When an id disappears from
the content, those answers no longer show anywhere. So removing or renaming a published id is an error,
unless the id is moved to the list of retired ids (``vervallen``) on purpose. New ids are added to the
list with ``make ids`` (``python -m macros ids``); a test checks that the committed list is complete.
"""
from __future__ import annotations

from pathlib import Path

import yaml

FILENAME = "vraag-sleutels.yaml"
HEADER = """\
# Elke vraag-sleutel die ooit is gepubliceerd. Lerenden bewaren hun antwoorden onder deze sleutels.
# Verdwijnt een sleutel uit de inhoud, dan stopt `make check`: hun antwoorden zouden nergens meer staan.
# Schrap je een vraag bewust? Zet de sleutel dan onder 'vervallen'. Nieuwe sleutels voeg je toe met
# `make ids`. Dit bestand wordt door `make ids` geschreven; pas alleen 'vervallen' met de hand aan.
"""


def read(data_dir: Path) -> dict[str, list[str]] | None:
    path = Path(data_dir) / FILENAME
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {"gepubliceerd": list(data.get("gepubliceerd") or []), "vervallen": list(data.get("vervallen") or [])}


def orphaned(current: list[str], registry: dict[str, list[str]]) -> list[str]:
    """Published ids that are neither in the content nor retired: learners' answers would be lost."""
    keep = set(current) | set(registry["vervallen"])
    return [qid for qid in registry["gepubliceerd"] if qid not in keep]


def new(current: list[str], registry: dict[str, list[str]]) -> list[str]:
    known = set(registry["gepubliceerd"])
    return [qid for qid in current if qid not in known]


def messages(current: list[str], data_dir: Path, rel: str) -> list[str]:
    registry = read(data_dir)
    if registry is None:
        return []
    return [f"{rel}: de vraag-sleutel '{qid}' staat niet meer in de inhoud. Lerenden hebben hun antwoorden "
            f"onder die sleutel bewaard: zet de vraag (met dezelfde sleutel) terug, of zet de sleutel bewust "
            f"onder 'vervallen' in {rel}" for qid in orphaned(current, registry)]


def write(current: list[str], data_dir: Path) -> list[str]:
    """Add the new ids to the registry (creating it if needed); returns the ids added."""
    registry = read(data_dir) or {"gepubliceerd": [], "vervallen": []}
    added = new(current, registry)
    registry["gepubliceerd"] += added
    body = yaml.safe_dump(registry, allow_unicode=True, sort_keys=False, default_flow_style=False)
    (Path(data_dir) / FILENAME).write_text(HEADER + body, encoding="utf-8")
    return added
