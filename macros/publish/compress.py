"""Precompressed copies of the site's text files, for nginx's ``gzip_static`` (deploy/nginx.conf).

    python -m macros compress SITE      # `make site` runs this as its last step

Next to every HTML, CSS, JavaScript, JSON, XML, SVG and text file of SITE it writes ``<file>.gz``
(gzip level 9, no file name and time stamp 0 in the header: the same input gives the same bytes).
A copy that would not be smaller is not written. Downloads (PDF, zip) are compressed already.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest", ".map"}
MIN_BYTES = 256   # smaller files gain nothing worth a second request path


@dataclass
class Summary:
    files: int
    before: int
    after: int


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def compress_site(site: Path) -> Summary:
    site = Path(site)
    files = before = after = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SUFFIXES or path.stat().st_size < MIN_BYTES:
            continue
        data = path.read_bytes()
        packed = gzip_bytes(data)
        target = path.with_name(path.name + ".gz")
        if len(packed) >= len(data):
            target.unlink(missing_ok=True)
            continue
        target.write_bytes(packed)
        target.chmod(0o644)
        files += 1
        before += len(data)
        after += len(packed)
    return Summary(files, before, after)
