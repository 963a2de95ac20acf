"""The knowledge check, the progress per lesson, "Ga verder" and the Afronding page, in a real Chromium.

Results are kept in this browser only (as the reflection answers), under the question ids; they survive
reload, instant navigation and a browser restart, and travel in the workbook's export and import.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, real_module
from macros.site import names

_MODULE = real_module()
# Examples from whatever content there is: the second lesson, its first 'een' question and its first
# 'meer' question.
_LES = _MODULE.lessen[min(1, len(_MODULE.lessen) - 1)]
LES = names.page_url("lessen", _LES["id"])
EEN = next(q for q in _LES["kennischeck"] if q["soort"] == "een")
MEER = next(q for les in _MODULE.lessen for q in les["kennischeck"] if q["soort"] == "meer")
MEER_LES = names.page_url("lessen", next(les["id"] for les in _MODULE.lessen if MEER in les["kennischeck"]))
FORMAT = "krachtig-lerende-netwerken-werkboek"


def right(q) -> list[int]:
    return [i for i, o in enumerate(q["opties"]) if o["juist"]]


def wrong(q) -> list[int]:
    return [i for i, o in enumerate(q["opties"]) if not o["juist"]]


def open_page(page, served_site, path):
    page.goto(served_site.url + path)
    page.wait_for_function("() => window.klnVoortgang !== undefined && window.klnWerkboek !== undefined")


def form(page, q):
    return page.locator(f"form[data-kc='{q['id']}']")


def choose(page, q, indices):
    f = form(page, q)
    for i, _ in enumerate(q["opties"]):
        box = f.locator(f"#kc-{q['id']}-{i}")
        if i in indices:
            box.check()
        elif q["soort"] == "meer":
            box.uncheck()


def check(page, q, indices) -> str:
    choose(page, q, indices)
    form(page, q).get_by_role("button", name="Controleer").click()
    return form(page, q).locator(".kln-kc__feedback").inner_text()


def stored(page, q):
    return page.evaluate("id => JSON.parse(localStorage.getItem('kln.v1.kennischeck.' + id))", q["id"])


def test_a_wrong_answer_then_the_right_one(context, served_site):
    page = context.new_page()
    open_page(page, served_site, LES)
    f = form(page, EEN)
    assert f.locator("legend").inner_text().endswith(EEN["vraag"])
    # Nothing chosen yet: a hint, no verdict.
    f.get_by_role("button", name="Controleer").click()
    assert f.locator(".kln-kc__feedback").inner_text() == "Kies eerst een antwoord."

    bad = wrong(EEN)[0]
    text = check(page, EEN, [bad])
    assert text.startswith("Nog niet goed.")
    assert f"Niet goed: {EEN['opties'][bad]['tekst']} {EEN['opties'][bad]['feedback']}" in text
    # In words next to the option, not by colour alone.
    assert f.locator(".kln-kc__optie").nth(bad).inner_text().strip().endswith("Niet goed")
    assert stored(page, EEN)["goed"] is False

    good = right(EEN)[0]
    text = check(page, EEN, [good])
    assert text.startswith("Goed!")
    assert f"Goed: {EEN['opties'][good]['tekst']} {EEN['opties'][good]['feedback']}" in text
    assert f.locator(".kln-kc__optie").nth(good).inner_text().strip().endswith("Goed")
    # The explanations of the other options wait behind a summary.
    details = f.locator("details.kln-kc__meer")
    assert details.locator("summary").inner_text() == "Uitleg bij de andere antwoorden"
    details.locator("summary").click()
    assert EEN["opties"][bad]["feedback"] in details.inner_text()
    result = stored(page, EEN)
    assert result["goed"] is True and result["keuze"] == [good]


def test_more_than_one_answer(context, served_site):
    page = context.new_page()
    open_page(page, served_site, MEER_LES)
    goods = right(MEER)
    assert check(page, MEER, goods[:1]).startswith("Bijna.")
    text = check(page, MEER, goods[:1] + wrong(MEER)[:1])
    assert text.startswith("Nog niet helemaal goed.")
    assert check(page, MEER, goods).startswith("Goed! Je hebt alle goede antwoorden gekozen.")


def test_results_survive_reload_and_instant_navigation(context, served_site):
    page = context.new_page()
    open_page(page, served_site, LES)
    good = right(EEN)[0]
    check(page, EEN, [good])
    page.reload()
    page.wait_for_function("() => window.klnVoortgang !== undefined")
    assert form(page, EEN).locator(f"#kc-{EEN['id']}-{good}").is_checked()
    assert form(page, EEN).locator(".kln-kc__feedback").inner_text().startswith("Goed!")
    # Instant navigation (Material's XHR page loads): away and back by links.
    page.locator("a[href$='lessen/']").first.click()
    page.wait_for_url(re.compile(r"/lessen/(#.*)?$"))
    page.locator(f"a[data-les-link='{_LES['id']}']").first.click()
    page.wait_for_url(re.compile(re.escape(LES) + r"(#.*)?$"))
    # (The address changes before the new page is in place: the form may not be there yet.)
    page.wait_for_function("id => document.querySelector(`form[data-kc='${id}'] .kln-kc__feedback`)"
                           "?.textContent.startsWith('Goed!')", arg=EEN["id"])


def test_results_survive_a_browser_restart(playwright, served_site, tmp_path):
    profile = tmp_path / "profiel"
    good = right(EEN)[0]
    for first in [True, False]:
        ctx = playwright.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                            args=CHROMIUM_ARGS)
        try:
            page = ctx.new_page()
            open_page(page, served_site, LES)
            if first:
                check(page, EEN, [good])
            else:
                assert form(page, EEN).locator(".kln-kc__feedback").inner_text().startswith("Goed!")
        finally:
            ctx.close()


def test_the_whole_check_works_with_the_keyboard(context, served_site):
    page = context.new_page()
    open_page(page, served_site, LES)
    first = form(page, EEN).locator("input").first
    first.focus()
    good = right(EEN)[0]
    # Arrow keys move through the radio group and choose; Tab goes on to Controleer; Enter checks.
    for _ in range(good):
        page.keyboard.press("ArrowDown")
    if good == 0:
        page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.id") == f"kc-{EEN['id']}-{good}"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Controleer"
    page.keyboard.press("Enter")
    assert form(page, EEN).locator(".kln-kc__feedback").inner_text().startswith("Goed!")
    # The feedback is announced: it sits in a live region.
    assert form(page, EEN).locator(".kln-kc__feedback").get_attribute("aria-live") == "polite"


def download(page, locator) -> str:
    with page.expect_download() as info:
        locator.click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def import_file(page, path, mode="samenvoegen"):
    page.locator("[data-melding]").evaluate("el => el.textContent = ''")
    page.locator("[data-import-bestand]").set_input_files(str(path))
    page.locator(f"input[name=kln-import-wijze][value={mode}]").check()
    page.locator("[data-actie=import]").click()
    page.wait_for_function("() => document.querySelector('[data-melding]').textContent.length > 0")
    return page.locator("[data-melding]").inner_text()


def test_export_clear_import_restores_the_results(context, served_site, tmp_path):
    page = context.new_page()
    open_page(page, served_site, LES)
    check(page, EEN, [wrong(EEN)[0]])
    page.locator(f"input.kln-afgerond__vinkje[data-les={_LES['id']}]").check()
    open_page(page, served_site, "werkboek/")
    md = download(page, page.locator("[data-actie=export-md]"))
    assert f"*Kennischeck: 0 van {len(_LES['kennischeck'])} goed.*" in md
    data = json.loads(download(page, page.locator("[data-actie=export-json]")))
    assert data["formaat"] == FORMAT and data["versie"] == 2
    assert data["kennischeck"][EEN["id"]]["goed"] is False
    assert _LES["id"] in data["afgerond"] and data["laatste"] == _LES["id"]
    backup = tmp_path / "kopie.json"
    backup.write_text(json.dumps(data), encoding="utf-8")

    page.once("dialog", lambda d: d.accept())
    page.locator("[data-actie=wissen]").click()
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('kln.')).length") == 0
    assert import_file(page, backup) == "0 antwoord(en) teruggezet. 1 uitslag(en) van de kennischeck teruggezet."
    open_page(page, served_site, LES)
    assert form(page, EEN).locator(".kln-kc__feedback").inner_text().startswith("Nog niet goed.")
    assert page.locator(f"input.kln-afgerond__vinkje[data-les={_LES['id']}]").is_checked()


def test_an_export_of_the_first_version_still_imports(context, served_site, module, tmp_path):
    q = module.lessen[0]["reflectievragen"][0]["id"]
    old = tmp_path / "werkboek-v1.json"
    old.write_text(json.dumps({"formaat": FORMAT, "versie": 1, "datum": "2026-11-01T10:00:00.000Z",
                               "antwoorden": {q: "Uit de eerste versie."}}), encoding="utf-8")
    page = context.new_page()
    open_page(page, served_site, "werkboek/")
    assert import_file(page, old) == "1 antwoord(en) teruggezet."
    assert page.locator(f"[data-antwoord={q}]").inner_text() == "Uit de eerste versie."


@pytest.mark.parametrize("damage", [{"kennischeck": {"x": {"keuze": "alles", "goed": True}}},
                                    {"kennischeck": {"x": {"keuze": [0], "goed": "ja"}}},
                                    {"kennischeck": []}, {"laatste": "<script>"}])
def test_a_damaged_result_in_an_import_changes_nothing(context, served_site, tmp_path, damage):
    bad = tmp_path / "kapot.json"
    bad.write_text(json.dumps({"formaat": FORMAT, "versie": 2, "antwoorden": {}, **damage}), encoding="utf-8")
    page = context.new_page()
    open_page(page, served_site, "werkboek/")
    message = import_file(page, bad)
    assert "geen geldige kopie" in message
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('kln.')).length") == 0


def visible(page, selector) -> bool:
    return page.locator(selector).first.is_visible()


def test_progress_per_lesson_and_ga_verder(context, served_site, module):
    page = context.new_page()
    open_page(page, served_site, "")
    # A new learner: no progress block, the button to begin.
    assert not visible(page, "[data-voortgang]") and visible(page, "[data-alleen-nieuw]")

    first, second = module.lessen[0], module.lessen[1]
    open_page(page, served_site, names.page_url("lessen", first["id"]))
    q = first["kennischeck"][0]
    check(page, q, right(q))
    page.locator(f"input.kln-afgerond__vinkje[data-les={first['id']}]").check()
    # The last page visited is done: continue with the first lesson not done.
    for path in ["", "lessen/"]:
        open_page(page, served_site, path)
        assert visible(page, "[data-voortgang]")
        button = page.locator("a[data-verder]").first
        assert button.inner_text() == f"Ga verder: les 2. {second['titel']}"
        assert button.get_attribute("href").rstrip("/").endswith(second["id"])
    assert not visible(page, "[data-alleen-nieuw]") if page.locator("[data-alleen-nieuw]").count() else True
    state = page.locator(f".kln-voortgang[data-les={first['id']}]").first.inner_text()
    assert state == f"· afgerond · kennischeck 1 van {len(first['kennischeck'])} goed"
    open_page(page, served_site, "")
    assert page.locator(f".kln-voortgang[data-les={first['id']}]").first.inner_text() == state
    assert page.locator(".kln-voortgang-totaal").first.inner_text() == f"1 van {len(module.lessen)} lessen afgerond"

    # A lesson page visited and not yet done is where the learner continues.
    third = module.lessen[2]
    open_page(page, served_site, names.page_url("lessen", third["id"]))
    open_page(page, served_site, "")
    assert page.locator("a[data-verder]").first.inner_text() == f"Ga verder: les 3. {third['titel']}"
    page.locator("a[data-verder]").first.click()
    page.wait_for_url(re.compile(re.escape(names.page_url("lessen", third["id"])) + r"(#.*)?$"))

    # Everything done: on to the Afronding page.
    page.evaluate("ids => ids.forEach(id => localStorage.setItem('kln.v1.afgerond.' + id, '2026-12-01'))",
                  [les["id"] for les in module.lessen])
    open_page(page, served_site, "")
    button = page.locator("a[data-verder]").first
    assert button.inner_text() == "Ga verder: bekijk je afronding"
    assert button.get_attribute("href").rstrip("/").endswith("afronding")


def test_afronding_page_shows_what_was_done(context, served_site, module):
    page = context.new_page()
    first = module.lessen[0]
    open_page(page, served_site, names.page_url("lessen", first["id"]))
    for q in first["kennischeck"][:2]:
        check(page, q, right(q))
    plan = next(v for v in first["reflectievragen"] if v["fase"] == "uitproberen")
    page.locator(f"#antwoord-{plan['id']}").fill("Ik bel de wijkagent op maandag.")
    page.locator(f"input.kln-afgerond__vinkje[data-les={first['id']}]").check()
    open_page(page, served_site, "afronding/")
    row = page.locator(f"tr[data-les={first['id']}]")
    cells = [row.locator(f"[data-cel={c}]").inner_text() for c in ("afgerond", "kennischeck", "reflectie")]
    assert cells[0].startswith("Ja, op ")
    assert cells[1] == f"2 van {len(first['kennischeck'])} goed"
    assert cells[2] == f"1 van {len(first['reflectievragen'])}"
    other = page.locator(f"tr[data-les={module.lessen[1]['id']}]")
    assert other.locator("[data-cel=afgerond]").inner_text() == "Nog niet"
    assert other.locator("[data-cel=kennischeck]").inner_text() == "Nog niet gedaan"
    # The action plan holds the answer to the lesson's 'uitproberen' question.
    assert page.locator(f".kln-actieplan [data-antwoord={plan['id']}]").inner_text() == \
        "Ik bel de wijkagent op maandag."
    md = download(page, page.locator("[data-afronding-actie=export-actieplan]"))
    assert md.startswith("# Mijn actieplan") and "Ik bel de wijkagent op maandag." in md
    # The name is kept in this browser and shown on the certificate with the lessons done.
    page.get_by_label("Je naam op het bewijs").fill("Sanne de Vries")
    page.reload()
    page.wait_for_function("() => window.klnVoortgang !== undefined")
    assert page.get_by_label("Je naam op het bewijs").input_value() == "Sanne de Vries"
    sheet = page.locator("[data-bewijs]").inner_text()
    assert "Sanne de Vries" in sheet and names.lesson_title(first) in sheet
    assert f"Studietijd: ongeveer {first['studietijd']} minuten." in sheet
    assert "eigen verklaring" in sheet and "geen diploma" in sheet


def test_the_certificate_prints_on_one_page(context, served_site, module, tmp_path):
    page = context.new_page()
    open_page(page, served_site, "afronding/")
    page.evaluate("ids => ids.forEach(id => localStorage.setItem('kln.v1.afgerond.' + id, '2026-12-01'))",
                  [les["id"] for les in module.lessen])
    page.evaluate("() => localStorage.setItem('kln.v1.naam', 'Sanne de Vries')")
    page.reload()
    page.wait_for_function("() => window.klnVoortgang !== undefined")
    # What the button does before it opens the print dialog: the class that prints only the certificate.
    page.evaluate("() => document.documentElement.classList.add('kln-print-bewijs')")
    for paper in ["A4", "Letter"]:
        pdf = tmp_path / f"bewijs-{paper}.pdf"
        page.pdf(path=str(pdf), format=paper)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), f"{paper}: {info}"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Bewijs van deelname" in text and "Sanne de Vries" in text
    for les in module.lessen:
        assert les["titel"][:30] in " ".join(text.split()), les["id"]
    for web_only in ["Wat je hebt gedaan", "Mijn actieplan", "Zoeken"]:
        assert web_only not in text, web_only
    # And the button really asks to print (the dialog itself is the browser's).
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed++; }; }")
    page.locator("[data-afronding-actie=print-bewijs]").click()
    assert page.evaluate("() => window.printed") == 1


def set_durable_storage(context, page, origin, setting):
    """Grant or deny persistent storage for the site, as a browser does after its own heuristics or a
    prompt. The permission belongs to this test's browser context, not to the default one."""
    cdp = context.new_cdp_session(page)
    browser_context = cdp.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    cdp.send("Browser.setPermission", {"permission": {"name": "persistent-storage"}, "setting": setting,
                                       "origin": origin, "browserContextId": browser_context})


@pytest.mark.parametrize("setting, state", [("granted", "ja"), ("denied", "nee")])
def test_persistent_storage_granted_or_denied(context, served_site, setting, state):
    page = context.new_page()
    page.goto(served_site.url)
    set_durable_storage(context, page, served_site.url.rstrip("/"), setting)
    open_page(page, served_site, "werkboek/")
    note = page.locator("[data-opslag-blijvend]")
    page.wait_for_function("() => document.querySelector('[data-opslag-blijvend]').hasAttribute('data-blijvend')")
    assert note.get_attribute("data-blijvend") == state
    if state == "ja":
        assert note.inner_text().startswith("Je browser heeft beloofd je werk te bewaren.")
    else:
        assert note.inner_text().startswith("Let op: je browser heeft niet beloofd je werk te bewaren.")
    # Marking a lesson done: a quiet notice (a status line, not a dialog); where storage is not promised,
    # it points to a copy.
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, served_site, LES)
    page.locator(f"input.kln-afgerond__vinkje[data-les={_LES['id']}]").check()
    melding = page.locator("[data-afronden-melding]")
    page.wait_for_function("() => document.querySelector('[data-afronden-melding]').textContent.length > 0")
    assert melding.get_attribute("role") == "status" and dialogs == []
    if state == "ja":
        assert melding.inner_text() == "Goed gedaan! Deze les staat op afgerond."
    else:
        assert "Bewaar een kopie in Mijn werkboek" in melding.inner_text()
        assert melding.locator("a").get_attribute("href").rstrip("/").endswith("werkboek")
