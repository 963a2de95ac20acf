"""The built site behind nginx with the shipped configuration and the security headers: the headers
are sent, the policy hashes every inline script, and search, the workbook and instant navigation work
under it. (No violation on any page: test_pages.py, whose tour runs under the policy.)"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import real_module
from macros.publish.headers import headers, inline_script_hashes
from macros.site import names

CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""
_LES = real_module().lessen[0]
LES = names.page_url("lessen", _LES["id"])
Q = _LES["reflectievragen"][0]["id"]


@pytest.fixture(scope="module")
def nginx_site(served_site):
    return served_site.url, served_site.root


def test_headers_are_sent(nginx_site):
    url, site = nginx_site
    expected = headers(site)
    script = next(site.glob("assets/werkboek.*.js")).relative_to(site).as_posix()
    for path in ["", LES, script, "bestaat-niet/"]:
        try:
            response = urllib.request.urlopen(url + path)
        except urllib.error.HTTPError as error:  # the 404 page gets the headers too
            response = error
        for name, value in expected.items():
            assert response.headers.get(name) == value, (path, name)
    csp = expected["Content-Security-Policy"]
    assert "http" not in csp and "*" not in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_policy_hashes_every_inline_script(built_site):
    hashes = inline_script_hashes(built_site)
    assert 1 <= len(hashes) < 20
    assert all(h.startswith("'sha256-") for h in hashes)


def test_search_and_workbook_work_under_the_policy(context, nginx_site):
    url, _ = nginx_site
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.goto(url + LES)
    page.locator(f"#antwoord-{Q}").fill("Onder een strenge CSP.")
    page.wait_for_function(f"() => localStorage.getItem('kln.v1.antwoord.{Q}') !== null")
    page.evaluate("() => { window.__zelfdePagina = true; }")
    page.locator(".md-content a[href$='werkboek/']").first.click()  # instant navigation under the policy
    page.wait_for_url(re.compile(r"/werkboek/(#.*)?$"))
    assert page.evaluate("() => window.__zelfdePagina") is True
    assert page.locator(f"[data-antwoord={Q}]").inner_text() == "Onder een strenge CSP."
    with page.expect_download() as download:
        page.locator("[data-actie=export-json]").click()
    assert "Onder een strenge CSP." in Path(download.value.path()).read_text(encoding="utf-8")
    page.locator(".md-search__input").click()
    page.keyboard.type("beroepsgeheim")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    assert page.locator(".md-search-result__item").count() > 0
    assert page.evaluate("() => window.__csp") == []
