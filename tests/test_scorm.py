"""The LMS package (SCORM 1.2): its manifest, and its runtime against a real SCORM 1.2 runtime.

scorm-again's ``Scorm12API`` (npm, test only) plays the learning platform: a test page on 127.0.0.1 sets
``window.API`` and opens the package's launch page in a frame, as Moodle does. Every value the package
sends is recorded; a marker typed into every answer field must never be among them.
"""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers import ROOT, StaticServer, real_module
from macros.publish import scorm
from macros.site import names

ZIP = Path("downloads") / scorm.ZIP_NAME
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
MARKER = "GEHEIM-7Q"
_MODULE = real_module()


@pytest.fixture(scope="module")
def package(full_site) -> Path:
    return full_site / ZIP


@pytest.fixture(scope="module")
def lms(package, tmp_path_factory):
    """A folder served on 127.0.0.1 with the test LMS page and the unzipped package in pkg/."""
    root = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(package) as zf:
        zf.extractall(root / "pkg")
    shutil.copy(ROOT / "node_modules/scorm-again/dist/scorm12.min.js", root / "scorm12.min.js")
    (root / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    with StaticServer(root) as server:
        yield server


LMS_PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Test-LMS</title><link rel="icon" href="data:,">
<script src="scorm12.min.js"></script>
<script>
  // The platform: a SCORM 1.2 runtime that records every call and every value it is sent.
  window.calls = []; window.sent = [];
  window.start = function (stored) {
    var api = new Scorm12API({ autocommit: false, logLevel: 5 });
    if (stored) api.loadFromJSON(stored, "cmi");
    ["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
      var original = api[name].bind(api);
      api[name] = function (arg) { window.calls.push(name); return original(arg); };
    });
    var set = api.LMSSetValue.bind(api);
    api.LMSSetValue = function (el, value) { window.sent.push([el, String(value)]); return set(el, value); };
    window.API = api;
    document.getElementById("sco").src = "pkg/scorm.html";
  };
  window.stored = function () { return JSON.parse(JSON.stringify(window.API.cmi)); };
</script></head>
<body><iframe id="sco" title="Module" style="width:1200px;height:850px;border:0"></iframe></body></html>
"""


def launch(context, lms, stored=None):
    page = context.new_page()
    page.set_viewport_size({"width": 1240, "height": 900})
    page.goto(lms.url + "lms.html")
    page.evaluate("s => window.start(s)", stored)
    # The module's page, inside the launch page, inside the platform's page.
    page.wait_for_function("() => { const f = document.getElementById('sco').contentDocument;"
                           " const m = f && f.getElementById('kln-module');"
                           " return m && m.contentWindow && m.contentWindow.klnWerkboek !== undefined; }")
    return page


def inner(page):
    """The Playwright Frame of the module's page (for goto-like navigation and evaluate)."""
    for frame in page.frames:
        address = frame.url.split("#")[0].split("?")[0]
        if address.endswith(".html") and "/pkg/" in address and not address.endswith("/scorm.html"):
            return frame
    raise AssertionError([f.url for f in page.frames])


def open_in_module(page, path):
    frame = inner(page)
    frame.goto(frame.url.split("/pkg/")[0] + "/pkg/" + path)
    page.wait_for_function("p => { const f = document.getElementById('sco')?.contentDocument"
                           "?.getElementById('kln-module'); return !!f && f.contentWindow.location.href.endsWith(p)"
                           " && f.contentWindow.klnWerkboek !== undefined; }", arg=path)
    return inner(page)


def value(page, element):
    return page.evaluate("el => window.API.LMSGetValue(el)", element)


def sent_values(page) -> list[list[str]]:
    return page.evaluate("() => window.sent")


# ----------------------------------------------------------------------------- the package file

def test_manifest_lists_every_file_and_one_sco(package):
    with zipfile.ZipFile(package) as zf:
        names_ = [n for n in zf.namelist() if not n.endswith("/")]
        manifest = ET.fromstring(zf.read("imsmanifest.xml"))
    assert names_[0] == "imsmanifest.xml"                    # at the root of the zip
    assert manifest.tag == f"{{{NS['cp']}}}manifest"
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    orgs = manifest.find("cp:organizations", NS)
    (org,) = orgs.findall("cp:organization", NS)
    assert orgs.get("default") == org.get("identifier")
    (item,) = org.findall("cp:item", NS)
    (resource,) = manifest.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco" and resource.get("type") == "webcontent"
    assert resource.get("href") == scorm.LAUNCH and scorm.LAUNCH in names_
    listed = [f.get("href") for f in resource.findall("cp:file", NS)]
    assert sorted(listed) == sorted(n for n in names_ if n != "imsmanifest.xml")
    ids = [e.get("identifier") for e in manifest.iter() if e.get("identifier")]
    assert len(ids) == len(set(ids)) == 4
    # The whole module is in it: every lesson page, the search index, the PDFs.
    for les in _MODULE.lessen:
        assert f"lessen/{les['id']}.html" in names_
    assert "search/search_index.js" in names_ and "downloads/krachtig-lerende-netwerken.pdf" in names_


def test_runtime_is_small_and_reads_no_answers():
    source = (ROOT / "macros/publish/scorm/kln-scorm.js").read_text(encoding="utf-8")
    assert len(source.encode()) < 8_000
    assert "antwoord" not in source and "naam" not in source      # the keys of answers and the name
    assert "fetch(" not in source and "XMLHttpRequest" not in source


def test_the_longest_progress_fits_in_suspend_data():
    longest = scorm.longest_suspend_data(_MODULE)
    assert longest.count(",") == len(_MODULE.lessen) - 1 + len(_MODULE.kennischeck_ids) - 1
    assert len(longest) <= scorm.SUSPEND_LIMIT, len(longest)


# ----------------------------------------------------------------------------- in a learning platform

def test_progress_score_and_status_reach_the_platform_but_answers_never(context, lms):
    page = launch(context, lms)
    assert page.evaluate("() => window.calls")[:1] == ["LMSInitialize"]
    assert value(page, "cmi.core.lesson_status") == "incomplete"

    # Every answer field of the module gets the marker (typed into the first field of each page, set with
    # an input event in the others: the same event the workbook saves on); the name on the certificate too.
    fields = 0
    right = {q["id"]: [i for i, o in enumerate(q["opties"]) if o["juist"]] for les in _MODULE.lessen
             for q in les["kennischeck"]}
    for path in [f"lessen/{les['id']}.html" for les in _MODULE.lessen] + \
                [f"casussen/{cid}.html" for cid in _MODULE.casussen]:
        frame = open_in_module(page, path)
        frame.locator("textarea.kln-antwoord").first.fill(f"{MARKER} {path} 0")
        fields += 1 + frame.evaluate("""(marker) => {
            const boxes = [...document.querySelectorAll('textarea.kln-antwoord')].slice(1);
            boxes.forEach((box, i) => { box.value = marker + ' ' + (i + 1);
                                        box.dispatchEvent(new Event('input', { bubbles: true })); });
            return boxes.length; }""", f"{MARKER} {path}")
        if path.startswith("lessen/"):
            # Every knowledge-check question answered right (ticked and checked as a learner does, with
            # the Controleer button), and the lesson marked done.
            frame.evaluate("""(right) => {
                for (const form of document.querySelectorAll('form[data-kc]')) {
                    for (const i of right[form.dataset.kc]) form.querySelector('#kc-' + form.dataset.kc + '-' + i).click();
                    form.querySelector('button[type=submit]').click();
                } }""", right)
            frame.locator("input.kln-afgerond__vinkje").check()
    frame = open_in_module(page, "afronding.html")
    frame.get_by_label("Je naam op het bewijs").fill(f"{MARKER} Sanne")
    assert fields == len(_MODULE.alle_vragen())
    open_in_module(page, "index.html")

    assert value(page, "cmi.core.lesson_status") == "passed"
    assert value(page, "cmi.core.score.raw") == "100"
    assert value(page, "cmi.core.score.max") == "100" and value(page, "cmi.core.score.min") == "0"
    assert value(page, "cmi.core.lesson_location") == "index.html"
    suspend = value(page, "cmi.suspend_data")
    assert suspend.startswith("k1;") and len(suspend) < 4096
    print(f"suspend data with all lessons done and all checks right: {len(suspend)} characters")

    # The answers were saved in the browser (the fields worked) and never sent.
    stored_answers = inner(page).evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('kln.v1.antwoord.')).length")
    assert stored_answers == fields
    sent = sent_values(page)
    assert sent and not [s for s in sent if MARKER in s[1]]
    assert {el for el, _ in sent} <= {"cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min",
                                      "cmi.core.score.max", "cmi.core.lesson_location", "cmi.suspend_data",
                                      "cmi.core.session_time", "cmi.core.exit"}
    assert "LMSCommit" in page.evaluate("() => window.calls")

    # Leaving (the platform closes the frame): session time, exit, finish.
    page.evaluate("() => document.getElementById('sco').remove()")
    page.wait_for_function("() => window.calls.includes('LMSFinish')")
    sent = sent_values(page)
    (time,) = [v for el, v in sent if el == "cmi.core.session_time"]
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}", time), time
    assert ["cmi.core.exit", "suspend"] in sent and not [s for s in sent if MARKER in s[1]]


def test_a_relaunch_elsewhere_shows_the_same_progress(chromium, guard, lms):
    first = guard.attach(chromium.new_context())
    try:
        page = launch(first, lms)
        les = _MODULE.lessen[1]
        frame = open_in_module(page, f"lessen/{les['id']}.html")
        q = les["kennischeck"][0]
        wrong = next(i for i, o in enumerate(q["opties"]) if not o["juist"])
        frame.locator(f"#kc-{q['id']}-{wrong}").check()
        frame.locator(f"form[data-kc='{q['id']}']").get_by_role("button", name="Controleer").click()
        frame.locator(f"input.kln-afgerond__vinkje[data-les={les['id']}]").check()
        page.evaluate("() => document.getElementById('sco').remove()")
        page.wait_for_function("() => window.calls.includes('LMSFinish')")
        stored = page.evaluate("() => window.stored()")
    finally:
        first.close()
    assert stored["core"]["lesson_location"] == f"lessen/{les['id']}.html"

    # Another computer: an empty browser, the platform's stored data.
    other = guard.attach(chromium.new_context())
    try:
        page = launch(other, lms, stored)
        frame = inner(page)
        assert frame.url.endswith(f"lessen/{les['id']}.html")      # back where the learner was
        # (The page restores the progress from the platform as it loads: the assertions wait for it.)
        expect(frame.locator(f"input.kln-afgerond__vinkje[data-les={les['id']}]")).to_be_checked()
        expect(frame.locator(f"form[data-kc='{q['id']}'] .kln-kc__feedback")).to_contain_text(
            re.compile(r"^Nog niet goed\."))
        frame = open_in_module(page, "afronding.html")
        row = frame.locator(f"tr[data-les={les['id']}]")
        assert row.locator("[data-cel=afgerond]").inner_text().startswith("Ja, op ")
        assert row.locator("[data-cel=kennischeck]").inner_text() == f"0 van {len(les['kennischeck'])} goed"
        assert value(page, "cmi.core.lesson_status") == "incomplete"
    finally:
        other.close()


def test_without_a_platform_it_is_the_offline_copy(context, lms):
    page = context.new_page()
    page.goto(lms.url + "pkg/scorm.html")
    page.wait_for_url(re.compile(r"/pkg/index\.html$"))
    assert page.locator("article h1").inner_text().rstrip("¶") == "Krachtig lerende netwerken"
    page.locator(".md-content a[href='lessen/index.html']").first.click()
    page.wait_for_url(re.compile(r"/pkg/lessen/index\.html$"))


def test_launch_page_names_the_module_and_carries_the_ids(package):
    with zipfile.ZipFile(package) as zf:
        html = zf.read(scorm.LAUNCH).decode("utf-8")
    config = json.loads(re.search(r'<script type="application/json" id="kln-scorm">(.*?)</script>', html, re.S).group(1))
    assert config == scorm.runtime_config(_MODULE)
    assert '<html lang="nl">' in html and 'title="Krachtig lerende netwerken"' in html
    assert names.page_url("lessen", _MODULE.lessen[0]["id"]).split("/")[0] == "lessen"
