"""Validate the content: ``python -m macros.check [data-dir]``.

Prints every content mistake as a plain Dutch message and exits 1; no traceback for content mistakes.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import markup
from .content import ContentError, load_module


def docs_problems(docs_dir: Path, root: Path) -> list[str]:
    """The fixed pages in docs/ may use HTML and macros, but may not load anything from another host."""
    out = []
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        try:
            rel = page.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = page.as_posix()
        for pos, url in markup.foreign_resources(text):
            out.append(f"{rel}:{text.count(chr(10), 0, pos) + 1}: een afbeelding of ander bestand van een andere "
                       f"website is niet toegestaan: {url}. {markup.RESOURCE_HELP}")
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data_dir = Path(argv[0]) if argv else Path("data")
    messages = docs_problems(data_dir.parent / "docs", Path.cwd())
    try:
        module = load_module(data_dir, root=Path.cwd())
    except ContentError as exc:
        messages = exc.messages + messages
    if messages:
        print(f"De inhoud bevat {len(messages)} fout(en). Er is niets gebouwd.", file=sys.stderr)
        for message in messages:
            print(f"  {message}", file=sys.stderr)
        return 1
    for warning in module.warnings:
        print(f"  Let op: {warning}", file=sys.stderr)
    print(f"Inhoud in orde: {len(module.lessen)} lessen, {len(module.begrippen)} begrippen, "
          f"{len(module.casussen)} casussen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
