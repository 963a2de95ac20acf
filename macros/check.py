"""Validate the content: ``python -m macros.check [data-dir]``.

Prints every content mistake as a plain Dutch message and exits 1; no traceback for content mistakes.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .content import ContentError, load_module


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data_dir = Path(argv[0]) if argv else Path("data")
    try:
        module = load_module(data_dir, root=Path.cwd())
    except ContentError as exc:
        print(f"De inhoud bevat {len(exc.messages)} fout(en). Er is niets gebouwd.", file=sys.stderr)
        for message in exc.messages:
            print(f"  {message}", file=sys.stderr)
        return 1
    for warning in module.warnings:
        print(f"  Let op: {warning}", file=sys.stderr)
    print(f"Inhoud in orde: {len(module.lessen)} lessen, {len(module.begrippen)} begrippen, "
          f"{len(module.casussen)} casussen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
