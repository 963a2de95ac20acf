"""Zip files the same input always writes the same way: sorted names, fixed time stamps, Unix
permissions, written to a temporary file that replaces the target in one step (offline copy, SCORM)."""
from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed: the zip's bytes depend on the content only


@contextlib.contextmanager
def atomic_zip(target: Path) -> Iterator[zipfile.ZipFile]:
    """A ZipFile that becomes ``target`` only when the block ends without an error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            yield zf
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def add(zf: zipfile.ZipFile, name: str, data: bytes | None) -> None:
    """A file (``data``), or a folder (``data`` None, ``name`` ending in '/'), with fixed metadata."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.create_system = 3  # Unix, so that the permissions below apply
    if data is None:
        info.external_attr = (0o40755 << 16) | 0x10
        zf.writestr(info, b"")
    else:
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, data, compresslevel=9)
