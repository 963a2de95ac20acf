"""Hosting: the site behind deploy/nginx.conf as shipped. Text is served compressed (the .gz copies of
`make site`), files with a content hash in their name are cached for a year, pages and the search
index are revalidated (ETag), and the security headers stay on every kind of response. The figures
(bytes per page, Lighthouse) are measured by `make bench`, not here."""
from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import html_pages
from macros.publish import compress, fingerprint

YEAR = "public, max-age=31536000, immutable"


def fetch(url: str, gzip_ok: bool = True, headers: dict | None = None):
    request = urllib.request.Request(url, headers={**({"Accept-Encoding": "gzip"} if gzip_ok else {}),
                                                   **(headers or {})})
    try:
        return urllib.request.urlopen(request)
    except urllib.error.HTTPError as error:
        return error


def one(site: Path, pattern: str) -> str:
    (path,) = sorted(site.glob(pattern))
    return path.relative_to(site).as_posix()


@pytest.fixture(scope="module")
def kinds(built_site) -> dict[str, str]:
    """A file of each kind, by its path in the built site."""
    return {"page": "lessen/", "css": one(built_site, "assets/kln.*.css"),
            "script": one(built_site, "assets/werkboek.*.js"),
            "bundle": one(built_site, "assets/javascripts/bundle.*.min.js"),
            "material-css": one(built_site, "assets/stylesheets/main.*.min.css"),
            "index": "search/search_index.json", "sitemap": "sitemap.xml"}


TYPES = {"page": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
         "script": "application/javascript; charset=utf-8", "bundle": "application/javascript; charset=utf-8",
         "material-css": "text/css; charset=utf-8", "index": "application/json; charset=utf-8",
         "sitemap": "text/xml; charset=utf-8"}


def test_text_is_served_compressed_with_the_right_type(served_site, built_site, kinds):
    for kind, path in kinds.items():
        response = fetch(served_site.url + path)
        assert response.status == 200, path
        assert response.headers["Content-Type"] == TYPES[kind], (path, response.headers["Content-Type"])
        assert response.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in response.headers.get("Vary", ""), path
        body = gzip.decompress(response.read())
        local = built_site / (path + "index.html" if path.endswith("/") else path)
        assert body == local.read_bytes(), path
        # A client that cannot unzip gets the plain file.
        plain = fetch(served_site.url + path, gzip_ok=False)
        assert plain.headers.get("Content-Encoding") is None and plain.read() == local.read_bytes(), path


def test_hashed_files_are_cached_for_a_year_and_the_rest_revalidated(served_site, kinds):
    for kind in ("css", "script", "bundle", "material-css"):
        assert fetch(served_site.url + kinds[kind]).headers["Cache-Control"] == YEAR, kinds[kind]
    for kind in ("page", "index", "sitemap"):
        response = fetch(served_site.url + kinds[kind])
        assert response.headers["Cache-Control"] == "no-cache", kinds[kind]
        etag = response.headers["ETag"]
        assert etag, kinds[kind]
        again = fetch(served_site.url + kinds[kind], headers={"If-None-Match": etag})
        assert again.status == 304, kinds[kind]
    pdf = fetch(served_site.url + "downloads/bestaat-niet.pdf")
    assert pdf.status == 404   # the downloads are not in this fixture site; the 404 page still answers


def test_security_headers_on_every_kind_of_response(served_site, kinds):
    for path in [*kinds.values(), "bestaat-niet/"]:
        response = fetch(served_site.url + path)
        assert response.headers["Content-Security-Policy"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_our_assets_carry_their_content_hash(built_site):
    import hashlib

    hashed = sorted(p for p in built_site.glob("assets/*.*.*") if p.suffix in (".css", ".js"))
    names_ = {p.name.split(".")[0] for p in hashed}
    assert {"kln", "opslag", "werkboek", "kennischeck", "voortgang", "begrippen", "zoeken-later"} <= names_
    for path in hashed:
        stem, digest, suffix = path.name.rsplit(".", 2)
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest()[:8], path.name
    # No page links an unhashed name any more, and every page links the hashed ones.
    for page in html_pages(built_site):
        html = (built_site / page).read_text(encoding="utf-8") if page.endswith(".html") else \
            (built_site / page / "index.html").read_text(encoding="utf-8")
        assert not re.search(r"assets/(kln|opslag|werkboek|kennischeck|voortgang|begrippen|zoeken-later)\.(css|js)\b",
                             html), page


def test_fingerprint_names_and_rewrites():
    renames = fingerprint.hashed_names({"assets/kln.css": b"body{}", "assets/werkboek.js": b"1"})
    new = renames["assets/kln.css"]
    assert re.fullmatch(r"assets/kln\.[0-9a-f]{8}\.css", new) and new == fingerprint.hashed_name("assets/kln.css", b"body{}")
    assert renames["assets/werkboek.js"] != fingerprint.hashed_name("assets/werkboek.js", b"2")  # new bytes, new name
    rewrite = fingerprint.rewriter(renames)
    # A link to the asset is rewritten; a file that only ends the same way, or plain text, is not.
    assert (rewrite('<link href="../assets/kln.css"><a href="kln.css">x</a> assets/kln.css <b data-x=\'/assets/kln.css?v\'>')
            == f'<link href="../{new}"><a href="kln.css">x</a> assets/kln.css <b data-x=\'/{new}?v\'>')
    assert fingerprint.rewriter({})("<p>a</p>") == "<p>a</p>"


def test_compressed_copies_are_complete_and_the_same_each_time(built_site, tmp_path):
    pages = [p for p in built_site.rglob("*.html")]
    assert pages and all(p.with_name(p.name + ".gz").is_file() for p in pages if p.stat().st_size >= 256)
    for page in pages[:5]:
        assert gzip.decompress(page.with_name(page.name + ".gz").read_bytes()) == page.read_bytes()
    sample = tmp_path / "s"
    sample.mkdir()
    (sample / "a.html").write_text("<p>tekst</p>" * 100, encoding="utf-8")
    (sample / "b.pdf").write_bytes(b"%PDF" * 100)
    first = compress.compress_site(sample)
    before = (sample / "a.html.gz").read_bytes()
    compress.compress_site(sample)
    assert (sample / "a.html.gz").read_bytes() == before and first.files == 1
    assert not (sample / "b.pdf.gz").exists()   # downloads are compressed already
