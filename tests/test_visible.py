"""What the learner sees: judged on the HTML and the focus a person meets in Chromium, not on the source.

- Valid HTML on every page: the Nu Html Checker (vnu.jar) reports 0 errors (the offline copy's pages:
  test_offline.py; leftovers in the visible text: test_pages.py, test_offline.py and test_pdf.py).
- Every Tab stop is visible: after each Tab the screen differs from the same screen without focus.
"""
from __future__ import annotations

import pytest

from helpers import html_pages, vnu_errors, vnu_summary

# ----------------------------------------------------------------------------- valid HTML

@pytest.mark.slow   # the Nu Html Checker starts a Java VM
def test_every_page_is_valid_html(built_site):
    assert len(html_pages(built_site)) > 60
    errors = vnu_errors(built_site)
    assert errors == [], vnu_summary(errors)
    # (The offline copy's pages: tests/test_offline.py.)


@pytest.mark.slow
def test_the_html_check_can_fail(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><title>x</title></head><body>'
        '<input type="checkbox" autocomplete="off"><label for="nergens">x</label></body></html>')
    messages = " ".join(m["message"] for m in vnu_errors(tmp_path))
    assert "autocomplete" in messages and "for" in messages


# ----------------------------------------------------------------------------- every Tab stop visible

# The focused element: a description, a key to notice when the tab order wraps around, and the part of
# the screen to compare: the element with room for its focus ring or, when the element itself has no
# size (a visually hidden radio button of a set of tabs, the colour switch), the label(s) that stand for it. Without either,
# there is nothing on screen that could show the focus: clip is null. ``kind`` groups stops that look
# alike when focused (same element kind and classes, same focus style, equally visible and uncovered): the
# screen is compared once per kind, so a hundred navigation links cost one comparison, not a hundred.
FOCUSED = """() => { const e = document.activeElement;
    if (!e || e === document.body) return null;
    window.__klnFocus = e;
    const sized = (r) => r.width >= 2 && r.height >= 2;
    let rects = [e.getBoundingClientRect()].filter(sized);
    if (!rects.length) {  // its <label for>, or the label right after it (Material's colour switch)
        const labels = [...(e.labels || [])];
        if (e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL') labels.push(e.nextElementSibling);
        rects = labels.map(l => l.getBoundingClientRect()).filter(sized);
    }
    const info = e.tagName + (e.id ? '#' + e.id : '') + '.' + String(e.className).split(' ')[0] + ' '
                 + (e.innerText || e.getAttribute('aria-label') || e.value || '').trim().slice(0, 40);
    const r0 = e.getBoundingClientRect(), key = [r0.x, r0.y, scrollY, info].join();
    if (!rects.length) return { info, key, clip: null };
    const cs = getComputedStyle(e);
    let opacity = 1;
    for (let a = e; a; a = a.parentElement) opacity *= Number(getComputedStyle(a).opacity);
    const r = rects[0], hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const covered = !(hit && (e.contains(hit) || hit.contains(e) || [...(e.labels || [])].some(l => l.contains(hit))));
    const kind = [e.tagName, e.className, e.type || '', e.getAttribute('role') || '',
                  e.parentElement ? e.parentElement.className : '', cs.outline, cs.boxShadow, cs.backgroundColor,
                  cs.color, cs.textDecorationLine, opacity.toFixed(2), covered, rects.length].join('|');
    const m = 8, W = innerWidth, H = innerHeight;
    const x = Math.max(0, Math.min(...rects.map(r => r.left)) - m);
    const y = Math.max(0, Math.min(...rects.map(r => r.top)) - m);
    const w = Math.min(W, Math.max(...rects.map(r => r.right)) + m) - x;
    const h = Math.min(H, Math.max(...rects.map(r => r.bottom)) + m) - y;
    return { info, key, kind, clip: (w >= 1 && h >= 1) ? { x, y, width: w, height: h } : null }; }"""


def _tab_stops_without_visible_change(page, limit: int = 400) -> tuple[int, list[str]]:
    """Press Tab through the page; after each stop compare the screen with focus and without it (once per
    kind of stop: the verdict for the first stop of a kind holds for the others)."""
    page.locator("body").focus()
    invisible, stops, seen = [], 0, set()
    verdict: dict[str, bool] = {}  # kind -> focus visible
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or stop["key"] in seen:
            break  # focus left the page, or the tab order wrapped around to the start
        seen.add(stop["key"])
        stops += 1
        if stop["clip"] is None:  # no size, no visible label, or entirely outside the viewport
            invisible.append(stop["info"])
            continue
        if stop["kind"] not in verdict:
            focused = page.screenshot(animations="disabled", caret="hide", clip=stop["clip"])
            page.evaluate("() => window.__klnFocus.blur()")
            blurred = page.screenshot(animations="disabled", caret="hide", clip=stop["clip"])
            # Chromium keeps its place in the tab order after blur(): the next Tab goes to the next stop.
            verdict[stop["kind"]] = focused != blurred
        if not verdict[stop["kind"]]:
            invisible.append(stop["info"])
    return stops, invisible


@pytest.mark.parametrize("kind", ["les", "casus", "begrip", "werkboek/"])
def test_every_tab_stop_changes_the_screen(context, served_site, examples, kind):
    path = examples.get(kind, kind)
    page = context.new_page()
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto(served_site.url + path)
    stops, invisible = _tab_stops_without_visible_change(page)
    assert stops > 10, f"only {stops} Tab stops on {path}"
    assert invisible == [], f"{len(invisible)} of {stops} Tab stops show nothing: {invisible[:8]}"


def test_the_tab_stop_check_finds_an_invisible_stop(context, served_site):
    page = context.new_page()
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto(served_site.url + "privacy/")
    # A stop without size, and a stop with size whose focus style was taken away.
    page.evaluate("""() => { const d = document.createElement('div'); d.tabIndex = 0;
                             d.style.cssText = 'width:0;height:0;overflow:hidden';
                             const s = document.createElement('span'); s.tabIndex = 0; s.textContent = 'Geen ring';
                             s.style.cssText = 'outline:none !important';
                             document.querySelector('article').prepend(d, s); }""")
    stops, invisible = _tab_stops_without_visible_change(page)
    assert any(i.startswith("DIV") for i in invisible), invisible
    assert any(i.startswith("SPAN") and "Geen ring" in i for i in invisible), invisible


def test_search_dialog_has_a_name(context, served_site):
    page = context.new_page()
    page.goto(served_site.url)
    assert page.get_attribute(".md-search[role=dialog]", "aria-label") == "Zoeken"
