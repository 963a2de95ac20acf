"""The offline download (macros/publish/offline.py): a zip of the whole module that works from file://.

Built once per session with the full site, then unzipped and opened from file:// in a real Chromium:
pages and links, search, the workbook, and no request to or reference of another host.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from helpers import (
    ROOT,
    VISIBLE,
    broken_local_links,
    copy_project,
    external_resources,
    html_pages,
    leftovers,
    real_module,
    run_cli,
    vnu_errors,
    vnu_summary,
)
from macros.site import names

TOP = "krachtig-lerende-netwerken"
ZIP = Path("downloads") / f"{TOP}-offline.zip"
# What `grep -ri` would look for: a CDN or Google host named anywhere, in any file of the zip.
CDN = re.compile(rb"unpkg|jsdelivr|googleapis|gstatic|cdn", re.I)
PDFS = ["krachtig-lerende-netwerken.pdf", "werkboek.pdf", "begeleidersmap.pdf"]
SCORM_ZIP = "krachtig-lerende-netwerken-scorm12.zip"
_LES = real_module().lessen[min(2, len(real_module().lessen) - 1)]


@pytest.fixture(scope="session")
def offline_site(full_site) -> Path:
    return full_site


@pytest.fixture(scope="session")
def unzipped(offline_copy) -> Path:
    return offline_copy


def site_copy(built_site: Path, target: Path, downloads: bool = True) -> Path:
    shutil.copytree(built_site, target)
    if not downloads:
        shutil.rmtree(target / "downloads", ignore_errors=True)
    return target


def url(root: Path, path: str) -> str:
    return (root / path).as_uri()


# ----------------------------------------------------------------------------- the config

def load_yaml(name: str) -> dict:
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / name, "rb") as f:
        return yaml_load(f)  # resolves INHERIT the way mkdocs does


def test_offline_config_is_the_site_config_plus_offline():
    """INHERIT replaces lists: the lists repeated in mkdocs-offline.yml must stay in step."""
    site, offline = load_yaml("mkdocs.yml"), load_yaml("mkdocs-offline.yml")
    assert offline["plugins"] == site["plugins"] + ["offline"]
    assert offline["theme"]["features"] == [f for f in site["theme"]["features"] if f != "navigation.instant"]
    assert offline["extra"]["polyfills"] == ["assets/vendor/iframe-worker/shim.js"]
    for config in (site, offline):
        for key in ["plugins", "extra", "site_url"]:
            config.pop(key, None)
        config["theme"].pop("features")
    assert offline == site
    assert (ROOT / "docs/assets/vendor/iframe-worker/shim.js").is_file()


# ----------------------------------------------------------------------------- the zip itself

def test_zip_has_one_top_folder_and_a_fixed_order(offline_site):
    with zipfile.ZipFile(offline_site / ZIP) as zf:
        names = zf.namelist()
        infos = zf.infolist()
    assert all(n.startswith(f"{TOP}/") for n in names)
    assert names == sorted(names, key=lambda n: n.rstrip("/"))
    assert {i.date_time for i in infos} == {(2020, 1, 1, 0, 0, 0)}
    # Our own scripts carry a content hash in their name (publish/fingerprint.py).
    assert [n for n in names if re.fullmatch(rf"{TOP}/assets/werkboek\.[0-9a-f]{{8}}\.js", n)]
    for must in ["index.html", "werkboek.html", f"lessen/{_LES['id']}.html", "search/search_index.js",
                 "assets/vendor/iframe-worker/shim.js",
                 "assets/vendor/iframe-worker/LICENSE", *(f"downloads/{pdf}" for pdf in PDFS)]:
        assert f"{TOP}/{must}" in names, must
    # Useless on a disk, or pointing at a web server: left out.
    assert not [n for n in names if n.endswith((".map", "/404.html", "sitemap.xml", ".zip"))]


def test_pdfs_of_the_pdf_step_are_copied(unzipped, offline_site):
    for pdf in PDFS:
        assert (unzipped / "downloads" / pdf).read_bytes() == (offline_site / "downloads" / pdf).read_bytes()


def test_shim_is_the_vendored_copy(unzipped):
    assert (unzipped / "assets/vendor/iframe-worker/shim.js").read_bytes() == \
        (ROOT / "docs/assets/vendor/iframe-worker/shim.js").read_bytes()
    html = (unzipped / f"lessen/{_LES['id']}.html").read_text(encoding="utf-8")
    assert '<script src="../assets/vendor/iframe-worker/shim.js"></script>' in html


def test_same_site_gives_the_same_zip(offline_site, tmp_path):
    before = (offline_site / ZIP).read_bytes()
    site = site_copy(offline_site, tmp_path / "site")
    result = run_cli("offline", str(site))
    assert result.returncode == 0, result.stderr
    assert re.search(rf"Offline versie: .*\.zip \([\d.]+ MB, \d+ bestanden, {len(PDFS)} pdf\) in [\d.]+ s", result.stdout)
    assert (site / ZIP).read_bytes() == before
    # Written through a temporary file that replaced the old zip: nothing else is left behind.
    assert sorted(p.name for p in (site / "downloads").iterdir()) == sorted([ZIP.name, SCORM_ZIP, *PDFS])


def test_fails_loudly_without_a_built_site(tmp_path):
    result = run_cli("offline", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("Offline versie maken mislukt. Er is geen zip geschreven.\n")
    assert "index.html ontbreekt" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / ZIP).exists()


def test_fails_loudly_when_the_offline_build_fails(tmp_path, built_site, monkeypatch, capsys):
    from macros.__main__ import main
    from macros.publish import offline

    monkeypatch.setattr(offline, "CONFIG", tmp_path / "bestaat-niet.yml")
    site = site_copy(built_site, tmp_path / "site", downloads=False)
    assert main(["offline", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Offline versie maken mislukt. Er is geen zip geschreven.\n"
                          "  de offline bouw met mkdocs-offline.yml is mislukt:")
    assert "bestaat-niet.yml" in err
    assert not (site / ZIP).exists()


def test_a_warning_stops_the_offline_build(tmp_path, built_site, monkeypatch, capsys):
    """--strict must count warnings (it does not with --quiet): a broken link fails the step."""
    from macros.__main__ import main
    from macros.publish import offline

    project = copy_project(tmp_path / "project")
    with open(project / "docs" / "privacy.md", "a", encoding="utf-8") as f:
        f.write("\n[kapot](bestaat-niet.md)\n")
    monkeypatch.setattr(offline, "ROOT", project)
    monkeypatch.setattr(offline, "CONFIG", project / "mkdocs-offline.yml")
    site = site_copy(built_site, tmp_path / "site", downloads=False)
    assert main(["offline", str(site)]) == 1
    err = capsys.readouterr().err
    assert "WARNING" in err and "bestaat-niet.md" in err and "Aborted with 1 warnings in strict mode" in err
    assert not (site / ZIP).exists()


# ----------------------------------------------------------------------------- nothing from another host

BINARY = (".pdf", ".png", ".jpg", ".ico", ".gz", ".woff", ".woff2")  # compressed bytes can spell anything


def cdn_references(zip_path: Path) -> list[str]:
    """Every text file in the zip that names a CDN or Google host, with the match."""
    found = []
    with zipfile.ZipFile(zip_path) as zf:
        for name in zf.namelist():
            if name.endswith(BINARY):
                continue
            for m in CDN.finditer(zf.read(name)):
                found.append(f"{name}: {m.group().decode()}")
    return found


def test_no_file_in_the_zip_references_a_cdn(offline_site, unzipped):
    assert cdn_references(offline_site / ZIP) == []
    assert external_resources(unzipped) == []


def test_cdn_check_finds_a_planted_reference(offline_site, tmp_path):
    planted = tmp_path / "planted.zip"
    with zipfile.ZipFile(offline_site / ZIP) as src, zipfile.ZipFile(planted, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if re.fullmatch(rf"{TOP}/assets/werkboek\.[0-9a-f]{{8}}\.js", info.filename):
                data += b'\n// <script src="https://unpkg.com/iframe-worker/shim"></script>\n'
                target = info.filename
            dst.writestr(info, data)
    assert cdn_references(planted) == [f"{target}: unpkg"]


def test_build_refuses_a_foreign_reference(tmp_path):
    """The script's own check: a CDN reference in the offline copy stops the build."""
    from macros.publish.offline import OfflineError, check

    out = tmp_path / TOP
    shutil.copytree(ROOT / "docs" / "assets", out / "assets")
    (out / "search").mkdir()
    (out / "search" / "search_index.js").write_text("var __index = {}")
    (out / "index.html").write_text('<script src="assets/vendor/iframe-worker/shim.js"></script>'
                                    '<a href="lessen/index.html">x</a>'
                                    '<script src="https://cdn.jsdelivr.net/npm/x.js"></script>')
    with pytest.raises(OfflineError, match=r"andere host: index\.html: .*cdn\.jsdelivr\.net"):
        check(out)


# ----------------------------------------------------------------------------- links on disk

def test_every_local_link_resolves_on_disk(unzipped):
    assert broken_local_links(unzipped) == []


def test_local_link_check_can_fail(unzipped, tmp_path):
    root = tmp_path / TOP
    root.mkdir()
    shutil.copy(unzipped / "index.html", root / "index.html")
    broken = broken_local_links(root)
    assert "index.html: lessen/index.html" in broken and len(broken) > 10
    (root / "lessen").mkdir()
    (root / "lessen" / "index.html").write_text('<a href="../index.html#nergens">x</a><a href="/index.html">y</a>')
    assert {"lessen/index.html: ../index.html#nergens", "lessen/index.html: /index.html"} <= set(broken_local_links(root))


# ----------------------------------------------------------------------------- in Chromium, from file://

def heading(page) -> str:
    return page.locator("h1").first.inner_text().replace("¶", "").strip()


def test_lesson_page_renders_and_links_to_the_next_lesson(context, unzipped, module):
    page = context.new_page()
    eerste, tweede = module.lessen[0], module.lessen[1]
    page.goto(url(unzipped, "index.html"))
    assert page.url.startswith("file://")
    page.locator(".md-content a[href='lessen/index.html']").first.click()
    page.wait_for_url("**/lessen/index.html")
    page.locator(f".md-content a[href='{eerste['id']}.html']:visible").first.click()
    page.wait_for_url(f"**/lessen/{eerste['id']}.html")
    assert heading(page) == names.lesson_title(eerste)
    assert page.locator(".md-sidebar--primary .md-nav__link").count() > 10   # the theme loaded
    page.locator("a.kln-pager__next").click()
    page.wait_for_url(f"**/lessen/{tweede['id']}.html")
    assert heading(page) == names.lesson_title(tweede)
    # The stylesheet applied: Material's header sticks to the top, it is not unstyled text.
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    # Material's document$ emitted, so the page scripts started (werkboek.js subscribes to it). With
    # navigation.instant on, it completes without emitting on file://: see mkdocs-offline.yml.
    assert page.evaluate("() => { let seen = false; document$.subscribe(() => { seen = true; }); return seen; }")


def search(page, word: str) -> str:
    """Type a word into Material's search box like a learner; return the result count line."""
    box = page.locator("[data-md-component=search-query]")
    meta = page.locator(".md-search-result__meta")
    box.click()
    # The worker has loaded the index: the status leaves "Zoeken initialiseren" (where it hangs when
    # the worker cannot start). Material ignores a query typed before this point.
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent"
                           ".includes('Typ om te beginnen met zoeken')", timeout=15000)
    box.press_sequentially(word, delay=20)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000)
    return meta.inner_text()


@pytest.mark.parametrize("start", ["index.html", f"lessen/{_LES['id']}.html"])
def test_search_works_from_file(context, unzipped, start):
    page = context.new_page()
    page.goto(url(unzipped, start))
    meta = search(page, "vertrouwen")
    assert re.fullmatch(r"\d+ overeenkomende documenten?", meta.strip()), meta
    first = page.locator(".md-search-result__item a").first
    href = first.get_attribute("href")
    assert href.startswith(unzipped.as_uri() + "/") and ".html" in href
    first.click()
    page.wait_for_url(href.split("#")[0] + "**")
    assert page.locator("h1").count() == 1


def test_search_hangs_without_the_shim(chromium, unzipped, tmp_path, guard):
    """The trap the vendored shim avoids: without it, search never leaves 'Zoeken initialiseren'."""
    root = tmp_path / TOP
    shutil.copytree(unzipped, root)
    index = root / "index.html"
    html = index.read_text(encoding="utf-8")
    index.write_text(html.replace('<script src="assets/vendor/iframe-worker/shim.js"></script>', ""), encoding="utf-8")
    ctx = guard.attach(chromium.new_context())
    try:
        page = ctx.new_page()
        page.goto(url(root, "index.html"))
        # Material hides the search box when its worker cannot start, and the status stays put.
        page.wait_for_function("() => getComputedStyle(document.querySelector('.md-search')).display === 'none'")
        page.wait_for_timeout(1000)
        assert "Zoeken initialiseren" in page.locator(".md-search-result__meta").text_content()
        assert page.locator(".md-search-result__item").count() == 0
    finally:
        ctx.close()
    assert guard.foreign == []


def test_workbook_saves_and_keeps_an_answer_from_file(context, unzipped):
    qid = _LES["reflectievragen"][0]["id"]
    text = "Offline bewaard: bij de politie betekent signaal iets anders."
    page = context.new_page()
    page.goto(url(unzipped, f"lessen/{_LES['id']}.html"))
    page.wait_for_function("() => window.klnWerkboek !== undefined")
    assert page.evaluate("() => window.klnWerkboek.opslag()") is True
    page.locator(f"#antwoord-{qid}").fill(text)
    page.wait_for_function("([id, t]) => localStorage.getItem('kln.v1.antwoord.' + id) === t", arg=[qid, text])
    assert "Opgeslagen om" in page.locator(f"#status-{qid}").inner_text()
    page.reload()
    page.wait_for_function("() => window.klnWerkboek !== undefined")
    assert page.locator(f"#antwoord-{qid}").input_value() == text
    # Mijn werkboek, another file, shows it too: localStorage is shared by the pages on disk.
    page.locator(".md-content a[href$='werkboek.html']").first.click()
    page.wait_for_url("**/werkboek.html")
    assert page.locator(f"[data-antwoord={qid}]").inner_text() == text


# ----------------------------------------------------------------------------- what a learner sees

def test_no_leftovers_in_the_offline_copy(chromium, offline_copy):
    """With JavaScript off, so that the pages load fast: leftovers come from the build, not from scripts."""
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    found = {}
    for path in html_pages(offline_copy):
        page.goto((offline_copy / path).as_uri())
        seen = page.evaluate(VISIBLE)
        problems = leftovers(seen["text"]) + [f"markdown-attribuut: {m}" for m in seen["markdown"]]
        if problems:
            found[path] = problems[:3]
    context.close()
    assert len(html_pages(offline_copy)) > 60
    assert found == {}, found


def test_every_page_of_the_offline_copy_is_valid_html(offline_copy):
    errors = vnu_errors(offline_copy)
    assert errors == [], vnu_summary(errors)


def test_the_tests_reuse_downloads_only_from_the_same_sources(tmp_path):
    """make site records the fingerprint of its sources; a change to any of them means a new build."""
    from macros.publish import sources

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lessen.yaml").write_text("lessen: []\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "site" / "downloads").mkdir(parents=True)
    site = tmp_path / "site"
    assert not sources.current_downloads(site, tmp_path)          # make site has not recorded anything
    sources.record(tmp_path)
    assert sources.current_downloads(site, tmp_path)
    (tmp_path / "data" / "lessen.yaml").write_text("lessen: [x]\n", encoding="utf-8")
    assert not sources.current_downloads(site, tmp_path)          # the content changed
    sources.record(tmp_path)
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "nieuw.py").write_text("x = 1\n", encoding="utf-8")
    assert not sources.current_downloads(site, tmp_path)          # the code changed
