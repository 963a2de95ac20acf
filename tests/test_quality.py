"""Quality gates in a real Chromium that need a person's way of using a page: one h1 and Dutch on
every page, zoom, the skip link, the search box and the tabs with the keyboard. (The checks on every
page in the browser, axe-core among them, are in test_pages.py; every Tab stop in test_visible.py.)"""
from __future__ import annotations

from bs4 import BeautifulSoup

from helpers import html_pages, page_file


def test_one_h1_and_dutch_language_on_every_page(served_site):
    for path in html_pages(served_site.root):
        file = page_file(served_site.root, path)
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assert soup.html.get("lang") == "nl", path
        assert len(soup.find_all("h1")) == 1, path


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


def test_the_search_index_loads_only_when_search_opens(context, served_site):
    """A first visit does not download the search index; opening search does, and search answers."""
    requested = []
    context.on("request", lambda r: requested.append(r.url) if "search_index" in r.url else None)
    page = context.new_page()
    page.goto(served_site.url)
    page.mouse.move(5, 5)
    page.locator(".md-search__input").hover()   # pointing at search is not opening it
    page.wait_for_timeout(500)
    assert requested == []
    page.locator(".md-search__input").focus()
    page.keyboard.type("beroepsgeheim")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    assert [u.rsplit("/", 2)[-2:] for u in requested] == [["search", "search_index.json"]]
