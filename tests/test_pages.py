"""Every page of the site in a real Chromium, behind nginx with the site's security headers, visited once
for all the checks that need the rendered page (one test per page):

- WCAG 2.2 AA with axe-core: every rule on every page, except colour contrast, which is checked in the
  light and the dark scheme on a set of pages that together hold every CSS class the site uses (colours
  come from the stylesheet, per class: a page adds nothing to check when all its classes are checked);
- the visible text (``innerText``) shows no Markdown, Jinja or attribute-list leftovers, and no element
  keeps a ``markdown`` attribute;
- no Content-Security-Policy violation, no request to another host, no console error, no cookie;
- reflow (WCAG 1.4.10): nothing scrolls sideways at 320 CSS px.

axe-core is injected through the DevTools protocol (``page.evaluate``), which the page's policy does not
govern, so the pages are checked under the real policy."""
from __future__ import annotations

import re

import pytest

from helpers import FIXTURES, ROOT, VISIBLE, Guard, html_pages, leftovers, page_file, real_module

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CONTRAST_RULES = ["color-contrast", "link-in-text-block"]

CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""

RUN_AXE = """async ([tags, only, skip]) => {
    const runOnly = only ? { type: 'rule', values: only } : { type: 'tag', values: tags };
    const rules = Object.fromEntries(skip.map(id => [id, { enabled: false }]));
    const r = await axe.run(document, { runOnly, rules, resultTypes: ['violations'] });
    return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary) })); }"""

def axe(page, only: list[str] | None = None, contrast: bool = True) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA rules (or ``only`` these), with or without the contrast rules."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE + ";0")
    return page.evaluate(RUN_AXE, [WCAG_TAGS, only, [] if contrast or only else CONTRAST_RULES])


_CLASSES = re.compile(r'class="([^"]*)"')


def page_classes(site, path: str) -> set[str]:
    return set(" ".join(_CLASSES.findall(page_file(site, path).read_text(encoding="utf-8"))).split())


def colour_sample(site, paths: list[str]) -> set[str]:
    """A small set of pages that together use every CSS class that any page uses (greedy cover)."""
    classes = {path: page_classes(site, path) for path in paths}
    todo = set().union(*classes.values())
    chosen: set[str] = set()
    while todo:
        best = max(paths, key=lambda p: (len(classes[p] & todo), -len(p)))
        chosen.add(best)
        todo -= classes[best]
    return chosen


def expected_pages() -> list[str]:
    """Every page the site should have, from the content and the navigation (known before the build, so
    that each page is its own test and the tests spread over the workers)."""
    from macros.site import names

    module = real_module()
    paths = ["", "404.html", "lessen/", "casussen/", "begrippen/", "werkboek/", "hulp-en-advies/",
             "afronding/", "begeleiders/", "over-het-onderzoek/", "privacy/", "toegankelijkheid/"]
    paths += [names.page_url("lessen", les["id"]) for les in module.lessen]
    paths += [names.page_url("casussen", cid) for cid in module.casussen]
    paths += [names.page_url("begrippen", bid) for bid in module.begrippen]
    paths += [f"begeleiders/{name}/" for name in ("spelregels", "sleutels", "groepsopdrachten", "evaluatie")]
    paths += [names.page_url("programmas", pid) for pid in module.programmas]
    return paths


PAGES = expected_pages()


def test_every_page_of_the_site_is_checked(built_site):
    assert sorted(PAGES) == sorted(html_pages(built_site))


@pytest.fixture(scope="session")
def sample(built_site) -> set[str]:
    return colour_sample(built_site, html_pages(built_site))


INSTANT = """(url) => {
    window.__csp = [];
    window.__klnVorige = document.querySelector('article');
    const a = document.createElement('a');
    a.href = url;
    document.body.appendChild(a);
    a.click();
    a.remove();
}"""


def visit(page, url: str) -> None:
    """Open ``url`` the way a learner mostly does: by following a link, which Material's instant
    navigation loads into the page that is already there (so its scripts, and axe-core, stay loaded).
    The first page of a worker, and the 404 page, load in full."""
    on_site = page.url.startswith(url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/")
    if not on_site or url.endswith("404.html") or page.url.endswith("404.html") \
            or not page.evaluate("() => typeof document$ !== 'undefined'"):
        page.goto(url)
        return
    page.evaluate(INSTANT, url)
    page.wait_for_function("(url) => location.href.split('#')[0] === url && !document.contains(window.__klnVorige)",
                           arg=url)


@pytest.fixture(scope="module")
def shared_page(chromium):
    """One browser tab for all page tests of a worker (a new context per page would cost more than the
    checks); the guard's records are cleared before, and checked after, every page."""
    guard = Guard()
    ctx = guard.attach(chromium.new_context(viewport={"width": 1280, "height": 800}))
    ctx.add_init_script(CSP_LISTENER)
    page = ctx.new_page()
    yield page, guard, ctx
    ctx.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_in_chromium(shared_page, served_site, sample, path):
    """One page, as a learner's browser shows it: axe-core WCAG 2.2 A and AA (colour contrast on the
    sample), no leftovers in the visible text, no CSP violation, no sideways scrolling at 320 px, no
    request to another host, no console error, no cookie."""
    page, guard, ctx = shared_page
    guard.foreign.clear()
    guard.errors.clear()
    page.set_viewport_size({"width": 1280, "height": 800})
    visit(page, served_site.url + path)
    problems = {}
    violations = axe(page, contrast=path in sample)
    if violations:
        problems["axe"] = violations
    visible = page.evaluate(VISIBLE)
    found = leftovers(visible["text"]) + [f"markdown-attribuut: {m}" for m in visible["markdown"]]
    if found:
        problems["zichtbare tekst"] = found[:3]
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 320:  # WCAG 1.4.10 reflow: at 320 CSS px (1280 px at 400% zoom) nothing scrolls sideways
        problems["breedte bij 320 px"] = width
    csp = page.evaluate("() => window.__csp")
    if csp:
        problems["CSP"] = csp
    if guard.foreign or guard.errors or ctx.cookies():
        problems["privacy"] = {"andere host": guard.foreign, "console": guard.errors, "cookies": ctx.cookies()}
    assert problems == {}, problems


@pytest.fixture
def dark(chromium, guard):
    """A fresh browser with the system in dark mode: the palette follows it when a page loads."""
    ctx = guard.attach(chromium.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark"))
    ctx.add_init_script(CSP_LISTENER)
    yield ctx
    ctx.close()
    assert guard.foreign == [] and guard.errors == []


def test_colour_contrast_in_the_dark_scheme(dark, served_site, sample):
    page = dark.new_page()
    problems = {}
    for path in sorted(sample):
        page.goto(served_site.url + path)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate", path
        violations = axe(page, only=CONTRAST_RULES) + [{"csp": c} for c in page.evaluate("() => window.__csp")]
        if violations:
            problems[path] = violations
    assert problems == {}, problems


# ----------------------------------------------------------------------------- the checks can fail

def test_axe_finds_a_planted_violation(context, served_site):
    page = context.new_page()
    page.goto(served_site.url + "privacy/")
    page.evaluate("""() => { const i = document.createElement('img'); i.src = 'data:,';
                             document.querySelector('article').appendChild(i); }""")
    assert "image-alt" in [v["id"] for v in axe(page)]


def test_the_visible_text_check_trips_on_the_first_editions_workbook(context):
    """The workbook group as the first edition showed it: raw Markdown under every heading."""
    page = context.new_page()
    page.set_content((FIXTURES / "leftovers" / "werkboek-eerste-editie.html").read_text(encoding="utf-8"))
    seen = page.evaluate(VISIBLE)
    found = leftovers(seen["text"])
    assert any(f.startswith("Markdown-kop: ## Les 1.") for f in found), found
    assert any(f.startswith("Markdown-link:") for f in found) and any(f.startswith("attribuutlijst:") for f in found)
    assert seen["markdown"], "the markdown attribute left on the section is found"
    assert leftovers("Zie **dit**, {{ x }} en [les](a.md){ .knop }\n# Kop") and not leftovers("Een #hashtag, 3 * 4.")


def test_a_csp_violation_would_be_seen(context, guard, served_site):
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.goto(served_site.url + "privacy/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                  " document.body.appendChild(s); }")
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("() => window.x") is None
    assert any("Content Security Policy" in e for e in guard.errors)
    guard.errors.clear()  # the planted violation is the only console error, and it was expected


def test_the_colour_sample_holds_every_class(built_site):
    paths = html_pages(built_site)
    sample = colour_sample(built_site, paths)
    every = set().union(*(page_classes(built_site, p) for p in paths))
    assert set().union(*(page_classes(built_site, p) for p in sample)) == every
    assert len(sample) < len(paths) / 2
