"""The reflection workbook in a real Chromium (Debian's chromium, driven by Python playwright).

Answers are saved only in the browser, survive reload, instant navigation and a browser restart, and
can be exported, imported, merged and cleared; the module keeps working when storage is unavailable.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, Guard, real_module
from macros.site import names

# Examples from whatever content there is: the third lesson (the first when there are fewer) and its
# first and last reflection questions, the first vignette and its first question.
_LES = real_module().lessen[min(2, len(real_module().lessen) - 1)]
_CASUS = next(iter(real_module().casussen.values()))
LES = names.page_url("lessen", _LES["id"])
LES_TITLE = names.lesson_title(_LES)
Q1 = _LES["reflectievragen"][0]["id"]
Q1_TEXT = _LES["reflectievragen"][0]["vraag"]
Q2 = _LES["reflectievragen"][-1]["id"]
CASUS = names.page_url("casussen", _CASUS["id"])
CQ = _CASUS["vragen"][0]["id"]


def at(path: str) -> re.Pattern:
    """The page at ``path``, whatever fragment Material's navigation.tracking adds to the address."""
    return re.compile(re.escape(path) + r"(#.*)?$")


def field(page, qid):
    return page.locator(f"#antwoord-{qid}")


def type_answer(page, qid, text):
    field(page, qid).fill(text)
    page.wait_for_function("""([id, t]) => {
        if (document.getElementById('status-' + id).textContent.includes('bewaart')) return true;
        try { return localStorage.getItem('kln.v1.antwoord.' + id) === t; } catch (e) { return false; }
    }""", arg=[qid, text])


def open_page(page, served_site, path):
    page.goto(served_site.url + path)
    page.wait_for_function("() => window.klnWerkboek !== undefined")


def test_answer_field_is_labelled_by_its_question(context, served_site):
    page = context.new_page()
    open_page(page, served_site, LES)
    label = page.locator(f"label[for=antwoord-{Q1}]").inner_text()
    assert label == Q1_TEXT
    assert page.get_by_label(label).get_attribute("data-vraag") == Q1
    assert page.locator("textarea.kln-antwoord").count() >= 4


def test_type_reload_present(context, served_site):
    page = context.new_page()
    open_page(page, served_site, LES)
    type_answer(page, Q1, "Bij de politie betekent signaal iets anders.")
    assert "Opgeslagen om" in page.locator(f"#status-{Q1}").inner_text()
    page.reload()
    page.wait_for_function("() => window.klnWerkboek !== undefined")
    assert field(page, Q1).input_value() == "Bij de politie betekent signaal iets anders."


def test_instant_navigation_keeps_answers(context, served_site):
    page = context.new_page()
    open_page(page, served_site, LES)
    page.evaluate("() => { window.__zelfdePagina = true; }")
    field(page, Q1).fill("Getypt vlak voor het wegklikken.")  # no wait: saving on navigation must flush it
    page.locator(".md-content a[href$='werkboek/']").first.click()
    page.wait_for_url(at("/werkboek/"))
    # Material's instant navigation replaced the page without a full load: the marker survives.
    assert page.evaluate("() => window.__zelfdePagina") is True
    assert page.locator(f"[data-antwoord={Q1}]").inner_text() == "Getypt vlak voor het wegklikken."
    page.go_back()
    page.wait_for_url(at("/" + LES))
    page.wait_for_function(f"() => document.getElementById('antwoord-{Q1}') !== null")
    assert page.evaluate("() => window.__zelfdePagina") is True
    assert field(page, Q1).input_value() == "Getypt vlak voor het wegklikken."


def test_new_context_with_same_storage(context, served_site, chromium, guard):
    page = context.new_page()
    open_page(page, served_site, CASUS)
    type_answer(page, CQ, "De mentor belt eerst de zorgcoördinator.")
    state = context.storage_state()
    other = guard.attach(chromium.new_context(storage_state=state))
    try:
        page2 = other.new_page()
        open_page(page2, served_site, CASUS)
        assert field(page2, CQ).input_value() == "De mentor belt eerst de zorgcoördinator."
    finally:
        other.close()


def test_closing_and_reopening_the_browser(playwright, served_site, tmp_path):
    profile = tmp_path / "profiel"
    for text in ["Eerste sessie.", None]:
        ctx = playwright.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                            args=CHROMIUM_ARGS)
        page = ctx.new_page()
        open_page(page, served_site, LES)
        if text:
            type_answer(page, Q2, text)
        else:
            assert field(page, Q2).input_value() == "Eerste sessie."
        ctx.close()


def fill_some(page, served_site):
    open_page(page, served_site, LES)
    type_answer(page, Q1, "Antwoord een,\nmet twee regels.")
    type_answer(page, Q2, "Ik bel dinsdag de wijkagent.")
    open_page(page, served_site, CASUS)
    type_answer(page, CQ, "Eerst met collega's praten.")


def download(page, action) -> str:
    with page.expect_download() as info:
        page.locator(f"[data-actie={action}]").click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_export_markdown_and_json_contain_every_answer(context, served_site):
    page = context.new_page()
    fill_some(page, served_site)
    open_page(page, served_site, "werkboek/")
    md = download(page, "export-md")
    assert md.startswith("# Mijn werkboek: Krachtig lerende netwerken")
    assert f"## {LES_TITLE}" in md
    for text in ["Antwoord een,\nmet twee regels.", "Ik bel dinsdag de wijkagent.", "Eerst met collega's praten."]:
        assert text in md
    assert "*(nog geen antwoord)*" in md
    data = json.loads(download(page, "export-json"))
    assert data["formaat"] == "krachtig-lerende-netwerken-werkboek" and data["versie"] == 2
    assert data["antwoorden"] == {Q1: "Antwoord een,\nmet twee regels.", Q2: "Ik bel dinsdag de wijkagent.",
                                  CQ: "Eerst met collega's praten."}


def import_file(page, path, mode="samenvoegen"):
    page.locator("[data-import-bestand]").set_input_files(str(path))
    page.locator(f"input[name=kln-import-wijze][value={mode}]").check()
    page.locator("[data-actie=import]").click()
    page.wait_for_function("() => document.querySelector('[data-melding]').textContent.length > 0")
    return page.locator("[data-melding]").inner_text()


def test_import_round_trip_into_an_empty_browser(context, served_site, chromium, guard, tmp_path):
    page = context.new_page()
    fill_some(page, served_site)
    open_page(page, served_site, "werkboek/")
    backup = tmp_path / "kopie.json"
    backup.write_text(download(page, "export-json"), encoding="utf-8")

    empty = guard.attach(chromium.new_context())
    try:
        page2 = empty.new_page()
        open_page(page2, served_site, "werkboek/")
        assert page2.locator(f"[data-antwoord={Q1}]").inner_text() == ""
        assert import_file(page2, backup) == "3 antwoord(en) teruggezet."
        assert page2.locator(f"[data-antwoord={Q2}]").inner_text() == "Ik bel dinsdag de wijkagent."
        open_page(page2, served_site, LES)
        assert field(page2, Q1).input_value() == "Antwoord een,\nmet twee regels."
    finally:
        empty.close()


@pytest.mark.parametrize("content", ["{ dit is geen json", '{"formaat": "iets anders", "versie": 1, "antwoorden": {}}',
                                     '{"formaat": "krachtig-lerende-netwerken-werkboek", "versie": 1, "antwoorden": {"x": 5}}'])
def test_import_of_a_damaged_file_changes_nothing(context, served_site, tmp_path, content):
    page = context.new_page()
    open_page(page, served_site, LES)
    type_answer(page, Q1, "Blijft staan.")
    open_page(page, served_site, "werkboek/")
    before = page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())")
    bad = tmp_path / "kapot.json"
    bad.write_text(content, encoding="utf-8")
    message = import_file(page, bad, "vervangen")
    assert "geen geldige kopie" in message and "niets veranderd" in message
    assert page.evaluate("() => JSON.stringify(Object.entries(localStorage).sort())") == before


def test_merge_does_not_overwrite(context, served_site, tmp_path):
    page = context.new_page()
    open_page(page, served_site, LES)
    type_answer(page, Q1, "Mijn eigen antwoord.")
    backup = tmp_path / "kopie.json"
    backup.write_text(json.dumps({"formaat": "krachtig-lerende-netwerken-werkboek", "versie": 1,
                                  "antwoorden": {Q1: "Ander antwoord.", Q2: "Nieuw antwoord."}}), encoding="utf-8")
    open_page(page, served_site, "werkboek/")
    message = import_file(page, backup, "samenvoegen")
    assert message.startswith("1 antwoord(en) teruggezet. 1 antwoord(en) stonden er al anders en zijn niet overschreven.")
    assert page.locator(f"[data-antwoord={Q1}]").inner_text() == "Mijn eigen antwoord."
    assert page.locator(f"[data-antwoord={Q2}]").inner_text() == "Nieuw antwoord."


def test_replace_asks_before_overwriting(context, served_site, tmp_path):
    page = context.new_page()
    open_page(page, served_site, LES)
    type_answer(page, Q1, "Mijn eigen antwoord.")
    backup = tmp_path / "kopie.json"
    backup.write_text(json.dumps({"formaat": "krachtig-lerende-netwerken-werkboek", "versie": 1,
                                  "antwoorden": {Q2: "Uit de kopie."}}), encoding="utf-8")
    open_page(page, served_site, "werkboek/")
    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert import_file(page, backup, "vervangen") == "Er is niets veranderd."
    assert "1 antwoord(en)" in dialogs[0]
    assert page.locator(f"[data-antwoord={Q1}]").inner_text() == "Mijn eigen antwoord."
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-melding]").evaluate("el => el.textContent = ''")
    assert import_file(page, backup, "vervangen") == "1 antwoord(en) teruggezet."
    assert page.locator(f"[data-antwoord={Q1}]").inner_text() == ""
    assert page.locator(f"[data-antwoord={Q2}]").inner_text() == "Uit de kopie."


def test_clear_all_with_confirmation(context, served_site):
    page = context.new_page()
    fill_some(page, served_site)
    open_page(page, served_site, "werkboek/")
    page.once("dialog", lambda d: d.dismiss())
    page.locator("[data-actie=wissen]").click()
    assert page.locator(f"[data-antwoord={Q1}]").inner_text() != ""
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-actie=wissen]").click()
    assert page.locator("[data-melding]").inner_text() == "Al je werk is gewist."
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('kln.')).length") == 0
    assert page.locator(f"[data-antwoord={Q1}]").inner_text() == ""


def test_progress_count(context, served_site, module):
    page = context.new_page()
    for les in module.lessen[:3]:
        open_page(page, served_site, f"lessen/{les['id']}/")
        page.locator(f"input.kln-afgerond__vinkje[data-les={les['id']}]").check()
    open_page(page, served_site, "")
    assert page.locator(".kln-voortgang-totaal").inner_text() == f"3 van {len(module.lessen)} lessen afgerond"
    open_page(page, served_site, "lessen/")
    badges = page.locator(".kln-voortgang[data-les]")
    assert [badges.nth(i).inner_text().strip() for i in range(badges.count())] == \
        ["· afgerond"] * 3 + [""] * (len(module.lessen) - 3)
    open_page(page, served_site, f"lessen/{module.lessen[0]['id']}/")
    page.locator("input.kln-afgerond__vinkje").uncheck()
    open_page(page, served_site, "")
    assert page.locator(".kln-voortgang-totaal").inner_text().startswith("2 van")


DISABLE_STORAGE = """
Object.defineProperty(window, 'localStorage', { configurable: true,
  get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
"""


def test_storage_disabled_message_and_export_still_works(chromium, served_site):
    guard = Guard()
    ctx = guard.attach(chromium.new_context(accept_downloads=True))
    ctx.add_init_script(DISABLE_STORAGE)
    try:
        page = ctx.new_page()
        open_page(page, served_site, LES)
        assert page.evaluate("() => window.klnWerkboek.opslag()") is False
        assert "bewaart je werk nu niet" in page.locator(f"#status-{Q1}").inner_text()
        type_answer(page, Q1, "Alleen in het geheugen.")
        page.locator(".md-content a[href$='werkboek/']").first.click()  # instant navigation keeps memory
        page.wait_for_url(at("/werkboek/"))
        assert "bewaart je werk nu niet" in page.locator("[data-melding]").inner_text()
        data = json.loads(download(page, "export-json"))
        assert data["antwoorden"] == {Q1: "Alleen in het geheugen."}
    finally:
        ctx.close()
    assert guard.errors == [] and guard.foreign == []


def tab_through(page, limit=600) -> list[str]:
    """Press Tab until focus comes back to an element it visited; describe every focused element."""
    seen = []
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        desc = page.evaluate("""() => { const e = document.activeElement;
            if (!e || e === document.body) return 'BODY';
            if (e.__klnGezien) return null;
            e.__klnGezien = true;
            return e.id || e.getAttribute('data-actie') || e.getAttribute('data-les')
                || e.tagName + ':' + (e.getAttribute('href') || e.value || ''); }""")
        if desc is None:
            break
        seen.append(desc)
    return seen


def test_keyboard_reaches_every_field_and_control(context, served_site):
    page = context.new_page()
    open_page(page, served_site, LES)
    reached = tab_through(page)
    fields = page.locator("textarea.kln-antwoord")
    for i in range(fields.count()):
        assert fields.nth(i).get_attribute("id") in reached
    assert _LES["id"] in reached  # the "les afgerond" checkbox (data-les)
    # Focus is visible on an answer field.
    field(page, Q1).focus()
    outline = page.evaluate(f"() => getComputedStyle(document.getElementById('antwoord-{Q1}')).outlineStyle")
    assert outline != "none"

    open_page(page, served_site, "werkboek/")
    reached = tab_through(page)
    for control in ["print", "export-md", "export-json", "kln-import-bestand", "import", "wissen"]:
        assert control in reached, control
    assert any(r.startswith("INPUT:samenvoegen") for r in reached)


def test_glossary_tooltip_opens_with_the_keyboard(context, served_site, module):
    page = context.new_page()
    open_page(page, served_site, LES)
    # Material moves the title into its own tooltip once a link is in view: pick the link by its address.
    term_id = page.locator("article a[title][href*='begrippen/']").first.get_attribute("href").rstrip("/").split("/")[-1]
    link = page.locator(f"article a[href$='begrippen/{term_id}/']").first
    page.keyboard.press("Tab")
    link.focus()
    page.wait_for_function("(e) => e.hasAttribute('aria-describedby')", arg=link.element_handle(), timeout=5000)
    tip_id = link.get_attribute("aria-describedby")
    assert tip_id, "Material's tooltip is not attached to the focused link"
    tip = page.locator(f"#{tip_id}")
    tip.wait_for(state="visible")
    assert tip.inner_text().strip() == module.begrippen[term_id]["kort"]


def test_glossary_definition_on_touch_screens(chromium, served_site, module):
    """No hover on a touch screen: the first tap shows the definition, a second tap opens the term."""
    guard = Guard()
    ctx = guard.attach(chromium.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800}))
    try:
        page = ctx.new_page()
        open_page(page, served_site, LES)
        link = page.locator("article a[data-kort]").first
        term_id = link.get_attribute("href").rstrip("/").split("/")[-1]
        link.scroll_into_view_if_needed()
        link.tap()
        tip = page.locator(".kln-uitleg[role=tooltip]")
        tip.wait_for(state="visible")
        assert tip.inner_text().startswith(module.begrippen[term_id]["kort"])
        assert link.get_attribute("aria-describedby") == "kln-uitleg"
        assert page.url.endswith(LES)
        link.tap()
        page.wait_for_url(at(f"/begrippen/{term_id}/"))
    finally:
        ctx.close()
    assert guard.errors == [] and guard.foreign == []
