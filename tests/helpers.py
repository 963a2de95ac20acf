"""Helpers shared by the tests: paths, fixture projects, servers on 127.0.0.1, the browser guard and
readers of built pages and PDFs. Test modules import from here, never from each other."""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup

from tools.nginx import NGINX, Nginx, free_port, wait_for  # noqa: F401 - shared with `make bench`

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
VENV_BIN = Path(sys.executable).parent

# ----------------------------------------------------------------------------- fixture projects

def copy_project(target: Path, data_dir: Path | None = None) -> Path:
    """A project that builds on its own in ``target``, with ``data_dir`` (default: the minimal fixture)."""
    from tools.project import copy_project as copy

    return copy(target, data_dir or FIXTURES / "minimal" / "data")


def mkdocs_build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project,
                          capture_output=True, text=True, env=env or ENV, timeout=600)


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``python -m macros <args>`` in a subprocess, as `make` runs it."""
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, capture_output=True, text=True,
                          env=ENV, timeout=900)


# ----------------------------------------------------------------------------- servers

class StaticServer:
    """A plain static file server for a built site on 127.0.0.1, stopped by the test that started it."""

    def __init__(self, directory: Path, port: int = 0):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def end_headers(self):
                # Our own loopback server: tells linkchecker it may check at full speed.
                self.send_header("LinkChecker", "unlimited")
                super().end_headers()

        self.root = Path(directory)
        handler = functools.partial(Quiet, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()




# ----------------------------------------------------------------------------- browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Guard:
    """Records every request to a host other than loopback and every console error of a context.

    It listens and does not intercept: routing every request through Playwright would switch off the
    browser's cache and slow every page down. The machine has no network; a request elsewhere fails
    on its own, and the test fails on the record."""

    def __init__(self):
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def attach(self, context):
        def request(req):
            url = req.url
            if not url.startswith(("data:", "blob:", "file:")) and urlparse(url).hostname not in ("127.0.0.1", "localhost"):
                self.foreign.append(url)

        context.on("request", request)
        context.on("page", lambda page: page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None))
        return context


# ----------------------------------------------------------------------------- built pages

def html_pages(site: Path) -> list[str]:
    """Paths (relative, as in a URL) of every HTML page of a built site, the 404 page included."""
    pages = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        if rel.startswith(("downloads/", "assets/")):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def page_file(site: Path, path: str) -> Path:
    return site / (path + "index.html" if path.endswith("/") or path == "" else path)


def soup(site: Path, path: str) -> BeautifulSoup:
    """The parsed page at ``path`` ('lessen/x/' or 'lessen/x')."""
    path = path if path.endswith((".html", "/")) or path == "" else path + "/"
    return BeautifulSoup(page_file(site, path).read_text(encoding="utf-8"), "html.parser")


def heading(tag) -> str:
    return tag.get_text().replace("¶", "").strip()


# ----------------------------------------------------------------------------- PDFs

def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def squash(text: str) -> str:
    """Letters only: line breaks, spaces and hyphens (also those of hyphenation) do not count."""
    return re.sub(r"[\s\u2010\u00ad-]+", "", text)


# ----------------------------------------------------------------------------- privacy

RESOURCE_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
                  "video": "src", "audio": "src", "embed": "src", "object": "data", "track": "src"}


def external_resources(site: Path) -> list[str]:
    """Every resource (script, style, font, image, frame) a built page would load from another host."""
    found = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in RESOURCE_ATTRS.items():
            for element in soup.find_all(tag):
                if tag == "link" and not set(element.get("rel", [])) & {
                        "stylesheet", "preload", "icon", "manifest", "prefetch", "modulepreload", "preconnect",
                        "dns-prefetch", "apple-touch-icon"}:
                    continue
                url = element.get(attr) or ""
                if element.get("srcset"):
                    url += " " + element["srcset"]
                if re.search(r"(^|\s)(https?:)?//", url):
                    found.append(f"{page.relative_to(site)}: <{tag} {attr}={url}>")
        for style in soup.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                found.append(f"{page.relative_to(site)}: inline style {style['style']}")
    for css in site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", css.read_text(encoding="utf-8")):
            found.append(f"{css.relative_to(site)}: {url}")
    return found


# ----------------------------------------------------------------------------- the real content

@functools.lru_cache(maxsize=1)
def real_module():
    """The real content, loaded once: for tests that pick their examples from whatever content there is."""
    from macros.content import load_module

    return load_module(ROOT / "data")


# ----------------------------------------------------------------------------- what a learner must never see

VISIBLE = """() => ({ text: document.body.innerText,
                      markdown: [...document.querySelectorAll('[markdown]')].map(e => e.outerHTML.slice(0, 120)) })"""

# What a learner must never see: Markdown links and emphasis, attribute lists, Jinja, Markdown headings.
LEFTOVERS = [
    ("Markdown-link", re.compile(r"\]\(")),
    ("attribuutlijst", re.compile(r"\{\s*[.#:]")),
    ("Jinja", re.compile(r"\{\{|\{%|%\}|\}\}")),
    ("vet in Markdown", re.compile(r"\*\*")),
    ("Markdown-kop", re.compile(r"^[ \t]*#{1,6}(\s|$)", re.M)),
]


def leftovers(text: str) -> list[str]:
    """Each leftover in ``text`` as 'kind: the line it stands on'."""
    found = []
    for kind, pattern in LEFTOVERS:
        for m in pattern.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            found.append(f"{kind}: {text[start:end if end >= 0 else None].strip()[:120]}")
    return found


# ----------------------------------------------------------------------------- links on disk

def broken_local_links(root: Path, served_at_root: bool = False) -> list[str]:
    """Every relative href/src in every page that does not resolve to a file (and anchor) on disk.

    A link to a folder ('lessen/x/') means its index.html, as a web server serves it. A link that starts
    with '/' is broken in a copy on disk, but fine for a site served at the root of its host (the 404
    page's links), when ``served_at_root``."""
    from urllib.parse import unquote

    root = root.resolve()   # the targets below are resolved paths: each page is parsed once
    parsed = {page: BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") for page in root.rglob("*.html")}
    ids: dict[Path, set[str]] = {}

    def anchors(page: Path) -> set[str]:
        if page not in ids:
            soup = parsed[page] if page in parsed else BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            ids[page] = {el["id"] for el in soup.find_all(id=True)} | \
                        {el["name"] for el in soup.find_all("a", attrs={"name": True})}
        return ids[page]

    broken = []
    for page in sorted(parsed):
        for el in parsed[page].find_all(["a", "link", "script", "img"]):
            ref = el.get("href") or el.get("src")
            if not ref or urlparse(ref).scheme or ref.startswith("//"):
                continue
            url = urlparse(ref)
            if url.path.startswith("/") and served_at_root:
                target = (root / unquote(url.path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            missing = (url.path.startswith("/") and not served_at_root) or not target.is_file() \
                or root not in target.parents
            if missing or (url.fragment and target.suffix == ".html" and unquote(url.fragment) not in anchors(target)):
                broken.append(f"{page.relative_to(root)}: {ref}")
    return broken


# ----------------------------------------------------------------------------- valid HTML

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(folder: Path) -> list[dict]:
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(folder)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr)["messages"]
    return [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]


def vnu_summary(errors: list[dict]) -> list[str]:
    return [f"{m['url'].rsplit('/', 2)[-2:]}:{m.get('lastLine')}: {m['message'][:140]}" for m in errors[:10]]
