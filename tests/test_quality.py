"""Quality gates on every built page, in a real Chromium: WCAG 2.2 AA with axe-core, keyboard use,
reflow at 320 px, privacy (no other host, no cookies, no console errors) and leftover syntax."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, html_pages, page_file

from macros.quality.pagetext import page_text

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
site_pages = html_pages


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (tags) => {
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary) }));
    }""", WCAG_TAGS)


def test_site_pages_cover_everything(served_site, module):
    pages = site_pages(served_site.root)
    assert len(pages) >= len(module.lessen) + len(module.begrippen) + len(module.casussen) + 9


@pytest.mark.bypass_csp
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_wcag_aa_on_every_page(context, served_site, scheme):
    """0 violations of WCAG 2.0/2.1/2.2 A and AA rules on every page, in the light and the dark scheme."""
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)  # the palette follows the system preference
    failures = {}
    for path in site_pages(served_site.root):
        page.goto(served_site.url + path)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        violations = run_axe(page)
        if violations:
            failures[path] = violations
    assert failures == {}, failures


@pytest.mark.bypass_csp
def test_axe_finds_a_planted_violation(context, served_site):
    page = context.new_page()
    page.goto(served_site.url + "privacy/")
    page.evaluate("""() => { const i = document.createElement('img'); i.src = 'data:,';
                             document.querySelector('article').appendChild(i); }""")
    assert "image-alt" in [v["id"] for v in run_axe(page)]


def test_one_h1_and_dutch_language_on_every_page(served_site):
    for path in site_pages(served_site.root):
        file = page_file(served_site.root, path)
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assert soup.html.get("lang") == "nl", path
        assert len(soup.find_all("h1")) == 1, path


LEFTOVER = re.compile(r"\{\{|\{%|\{#|%\}|\*\*|\]\(|\{:|^!!!|^\?\?\?|^===|^\s*\|.*\|\s*$", re.M)


def test_no_leftover_template_or_markdown_syntax(served_site):
    found = {}
    for path in site_pages(served_site.root):
        file = page_file(served_site.root, path)
        text = page_text(file.read_text(encoding="utf-8"))
        hits = LEFTOVER.findall(text)
        if hits:
            found[path] = hits[:5]
    assert found == {}, found
    assert LEFTOVER.search(page_text("<article class='md-content__inner'><p>Zie **dit** en [x](y)</p></article>"))


def test_no_horizontal_scrolling_at_320_px(context, served_site):
    """WCAG 1.4.10 reflow: at 320 CSS px (like 1280 px at 400% zoom) nothing scrolls sideways."""
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for path in site_pages(served_site.root):
        page.goto(served_site.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            wide[path] = width
    assert wide == {}, wide


def test_zoom_200_percent_keeps_the_content(context, served_site, examples):
    """At 200% zoom (640 px wide for a 1280 px window) the text is still all there, without sideways scroll."""
    page = context.new_page()
    page.set_viewport_size({"width": 640, "height": 450})
    for path in ["", examples["les"], examples["casus"], "werkboek/", "hulp-en-advies/"]:
        page.goto(served_site.url + path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 640, path
        h1 = page.locator("article h1")
        assert h1.is_visible() and h1.bounding_box()["width"] <= 640


def focus_ring(page) -> dict:
    """Whether the focused element, or the label that stands in for a visually hidden input, shows a ring."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        const ring = (el) => { if (!el) return false; const s = getComputedStyle(el);
            return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; };
        let ok = ring(e);
        if (!ok && e.tagName === 'INPUT')
            ok = ring(e.nextElementSibling) || (e.id !== '' &&
                 [...document.querySelectorAll('label[for="' + e.id + '"]')].some(ring));
        return { outline: ok, shadow: false, tag: e.tagName, cls: String(e.className), id: e.id }; }""")


def test_skip_link_and_visible_focus(context, served_site, examples, module):
    page = context.new_page()
    page.goto(served_site.url + examples["les"])
    page.keyboard.press("Tab")
    skip = page.evaluate("() => document.activeElement.className")
    assert "md-skip" in skip
    assert page.locator(".md-skip").is_visible()
    page.keyboard.press("Enter")
    les = module.les_by_id[examples["les_id"]]
    assert page.evaluate("() => location.hash").startswith(f"#les-{les['nummer']}")
    # Every element reached with Tab shows a focus indicator.
    page.goto(served_site.url + examples["les"])
    page.locator("body").focus()
    missing = []
    for _ in range(120):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring["tag"] == "BODY":
            break
        if not (ring["outline"] or ring["shadow"]):
            missing.append(ring)
    assert missing == [], missing[:5]


def test_search_input_focus_is_visible_and_escape_returns(context, served_site):
    page = context.new_page()
    page.goto(served_site.url)
    page.keyboard.press("Tab")
    for _ in range(10):
        if page.evaluate("() => document.activeElement.classList.contains('md-search__input')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    ring = focus_ring(page)
    assert ring["outline"] or ring["shadow"]
    page.keyboard.type("casusoverleg")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    page.keyboard.press("Escape")
    # After closing search, focus is on a visible element, not on an invisible container.
    assert page.evaluate("""() => { const e = document.activeElement; const r = e.getBoundingClientRect();
        return e === document.body || (r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'); }""")


def test_vignette_tabs_work_with_the_keyboard(context, served_site, examples):
    page = context.new_page()
    page.goto(served_site.url + examples["casus"])
    first_set = page.locator(".tabbed-set").first
    radios = first_set.locator("> input")
    radios.first.focus()
    assert focus_ring(page)["outline"] or page.evaluate(
        "() => getComputedStyle(document.querySelector('.tabbed-set label')).outlineStyle") != "none"
    page.keyboard.press("ArrowRight")
    assert radios.nth(1).is_checked()
    assert first_set.locator(".tabbed-block").nth(1).is_visible()
    assert not first_set.locator(".tabbed-block").nth(0).is_visible()
