"""The built site behind nginx with the example security headers: no CSP violation on any page,
and search and the workbook still work."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ENV, ROOT, free_port
from scripts.security_headers import headers, inline_script_hashes, nginx_snippet
from test_quality import site_pages

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""


@pytest.fixture(scope="module")
def nginx_site(tmp_path_factory):
    """The site built for this server's address, served by nginx on 127.0.0.1 with deploy/nginx.conf's headers."""
    port = free_port()
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600,
                            env={**ENV, "KLN_SITE_URL": f"http://127.0.0.1:{port}/"})
    assert result.returncode == 0, result.stderr
    (work / "kln-security-headers.conf").write_text(nginx_snippet(site), encoding="utf-8")
    server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    server = (server.replace("listen 80;", f"listen 127.0.0.1:{port};")
                    .replace("/var/www/krachtig-lerende-netwerken", str(site))
                    .replace("/etc/nginx/snippets/kln-security-headers.conf", str(work / "kln-security-headers.conf")))
    (work / "logs").mkdir()
    conf = work / "nginx.conf"
    conf.write_text(f"""
user root;
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/tmp;
    proxy_temp_path {work}/tmp;
    fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp;
    scgi_temp_path {work}/tmp;
    {server}
}}
""", encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(work)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("nginx did not start: " + proc.stderr.read().decode())
            time.sleep(0.05)
    try:
        yield url, site
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_headers_are_sent(nginx_site):
    url, site = nginx_site
    expected = headers(site)
    for path in ["", "lessen/gezamenlijke-taal/", "assets/werkboek.js", "bestaat-niet/"]:
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


def test_no_csp_violation_on_any_page(context, nginx_site):
    url, site = nginx_site
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    violations = {}
    for path in site_pages(site):
        page.goto(url + path)
        page.wait_for_load_state("load")
        found = page.evaluate("() => window.__csp")
        if found:
            violations[path] = found
    assert violations == {}, violations


def test_a_violation_would_be_seen(context, guard, nginx_site):
    url, _ = nginx_site
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.goto(url + "privacy/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                  " document.body.appendChild(s); }")
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("() => window.x") is None
    assert any("Content Security Policy" in e for e in guard.errors)
    guard.errors.clear()  # the planted violation is the only console error, and it was expected


def test_search_and_workbook_work_under_the_policy(context, nginx_site):
    url, _ = nginx_site
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.goto(url + "lessen/gezamenlijke-taal/")
    page.locator("#antwoord-gezamenlijke-taal-handelen").fill("Onder een strenge CSP.")
    page.wait_for_function("() => localStorage.getItem('kln.v1.antwoord.gezamenlijke-taal-handelen') !== null")
    page.evaluate("() => { window.__zelfdePagina = true; }")
    page.locator(".md-content a[href$='werkboek/']").first.click()  # instant navigation under the policy
    page.wait_for_url("**/werkboek/")
    assert page.evaluate("() => window.__zelfdePagina") is True
    assert page.locator("[data-antwoord=gezamenlijke-taal-handelen]").inner_text() == "Onder een strenge CSP."
    with page.expect_download() as download:
        page.locator("[data-actie=export-json]").click()
    assert "Onder een strenge CSP." in Path(download.value.path()).read_text(encoding="utf-8")
    page.locator(".md-search__input").click()
    page.keyboard.type("beroepsgeheim")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    assert page.locator(".md-search-result__item").count() > 0
    assert page.evaluate("() => window.__csp") == []
