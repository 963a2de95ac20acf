"""Where the project's parts are. The package is installed editable (make), so the project root is the
folder above it: data/, docs/ and schema/ are read from there."""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
DATA = ROOT / "data"
DOCS = ROOT / "docs"
SCHEMA = ROOT / "schema"
SITE_TEMPLATES = PACKAGE / "site" / "templates"
PRINT_TEMPLATES = PACKAGE / "publish" / "templates"
