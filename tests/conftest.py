"""Shared fixtures. The real site is built once per test session, for the address it is served on (so
that Material's instant navigation is active), and served by nginx with the shipped configuration; the
PDFs and the offline zip are added to that same build once, for the tests that need them."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, Guard, Nginx, free_port, mkdocs_build


@pytest.fixture(scope="session")
def module():
    from macros.content import load_module

    return load_module(ROOT / "data")


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> Path:
    """The real site, built once with --strict for http://127.0.0.1:<site_port>/."""
    out = tmp_path_factory.mktemp("built") / "site"
    env = {**__import__("helpers").ENV, "KLN_SITE_URL": f"http://127.0.0.1:{site_port}/"}
    result = mkdocs_build(ROOT, "--strict", "--site-dir", str(out), env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def headers_conf(built_site, tmp_path_factory) -> Path:
    from macros.publish import headers

    out = tmp_path_factory.mktemp("headers") / "kln-security-headers.conf"
    headers.write(built_site, out)
    return out


@pytest.fixture(scope="session")
def served_site(built_site, headers_conf, site_port, tmp_path_factory):
    """The built site behind nginx (deploy/nginx.conf) on 127.0.0.1:<site_port>."""
    server = Nginx(built_site, headers_conf, tmp_path_factory.mktemp("nginx"), site_port,
                   # our own loopback server: tells linkchecker it may check at full speed
                   extra_headers='add_header LinkChecker "unlimited" always;\n')
    yield server
    server.stop()


@pytest.fixture(scope="session")
def full_site(built_site) -> Path:
    """The built site with its downloads, as `make site` makes it: the PDFs and the offline zip."""
    from macros.publish import offline, pdf

    pdf.build(built_site)
    offline.build_offline(built_site)
    return built_site


@pytest.fixture(scope="session")
def offline_copy(full_site, tmp_path_factory) -> Path:
    """The offline download, unzipped: the folder a learner opens from disk."""
    target = tmp_path_factory.mktemp("offline-copy")
    with zipfile.ZipFile(full_site / "downloads" / "krachtig-lerende-netwerken-offline.zip") as zf:
        zf.extractall(target)
    return target / "krachtig-lerende-netwerken"


# ----------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def guard():
    return Guard()


@pytest.fixture
def context(chromium, guard, request):
    # A test that injects a test tool (axe-core) asks for the page's policy to be bypassed with
    # @pytest.mark.bypass_csp; every other test runs under the site's Content-Security-Policy.
    bypass = request.node.get_closest_marker("bypass_csp") is not None
    ctx = guard.attach(chromium.new_context(accept_downloads=True, bypass_csp=bypass))
    yield ctx
    cookies = ctx.cookies()
    ctx.close()
    assert guard.foreign == [], f"requests to other hosts: {guard.foreign}"
    assert cookies == [], f"cookies set: {cookies}"
    assert guard.errors == [], f"console errors: {guard.errors}"


def pytest_collection_modifyitems(items):
    """Markers from the fixtures a test uses: browser (Chromium), pdf (the PDFs or the offline zip)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"chromium", "context", "playwright"}:
            item.add_marker(pytest.mark.browser)
        if names & {"full_site", "offline_copy", "pdfs"}:
            item.add_marker(pytest.mark.pdf)
        if names & {"built_site", "served_site", "headers_conf"}:
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def examples(module) -> dict[str, str]:
    """Page paths to test on, taken from whatever content there is (no test names a lesson by id)."""
    from macros.site import names

    les = module.lessen[min(2, len(module.lessen) - 1)]
    casus = next(iter(module.casussen.values()))
    begrip = next((b for b in module.begrippen.values() if b.get("perspectieven")), next(iter(module.begrippen.values())))
    return {"les": names.page_url("lessen", les["id"]), "les_id": les["id"],
            "casus": names.page_url("casussen", casus["id"]), "casus_id": casus["id"],
            "begrip": names.page_url("begrippen", begrip["id"]), "begrip_id": begrip["id"]}
