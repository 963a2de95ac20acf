"""End-to-end builds of small fixture sites: the good case, and every kind of bad content.

A bad content file must stop `make check` and the build with a clear message, exit non-zero, print no
traceback and write no output. Every case runs through `make check` in-process; two run through a real
`mkdocs build` too, for the no-traceback, no-output path of the build itself.
"""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from helpers import ENV, ROOT, copy_project, free_port, mkdocs_build

pytestmark = pytest.mark.slow


@pytest.fixture
def fixture_project(tmp_path):
    return copy_project(tmp_path / "project")


def test_fixture_site_builds_every_page(fixture_project):
    result = mkdocs_build(fixture_project, "--strict")
    assert result.returncode == 0, result.stderr
    site = fixture_project / "site"
    expected = {
        "lessen/eerste-les/index.html": "Les 1. Een eerste les",
        "lessen/tweede-les/index.html": "Les 2. Een tweede les",
        "begrippen/casusoverleg/index.html": "Casusoverleg",
        "begrippen/wijkagent/index.html": "Wijkagent",
        "casussen/een-casus/index.html": "Een casus",
        "lessen/index.html": "Lessen",
        "begrippen/index.html": "Begrippen",
        "casussen/index.html": "Casussen",
        "index.html": "Krachtig lerende netwerken",
        "over-het-onderzoek/index.html": "Over het onderzoek",
        "privacy/index.html": "Privacy",
        "toegankelijkheid/index.html": "Toegankelijkheid",
        "begeleiders/index.html": "Voor begeleiders",
        "hulp-en-advies/index.html": "Hulp en advies",
    }
    for path, heading in expected.items():
        html = (site / path).read_text(encoding="utf-8")
        h1 = re.findall(r"<h1[^>]*>(.*?)<", html)
        assert h1 == [heading], (path, h1)
    # Adding a lesson is a YAML edit only: the nav lists the generated pages.
    assert 'href="../eerste-les/"' in (site / "lessen/tweede-les/index.html").read_text(encoding="utf-8")


BAD_CASES = {
    "syntax": ("lessen.yaml", "    kern: Spreek dezelfde taal.", "    kern: Spreek: [dezelfde taal.",
               r"data/lessen\.yaml:\d+: er staat een dubbele punt met een spatie erachter"),
    "unclosed quote": ("lessen.yaml", "    titel: Een eerste les", '    titel: "Een eerste les',
                       r"data/lessen\.yaml:5: hier begint een tekst met een aanhalingsteken"),
    "foreign image": ("lessen.yaml", "        tekst: Vraag wat de ander bedoelt.",
                      "        tekst: Zie ![netwerk](https://example.org/netwerk.png)",
                      r"data/lessen\.yaml:\d+: les 2 \('Een tweede les'\), veld 'uitleg\[2\]\.tekst': een afbeelding "
                      r"of ander bestand van een andere website is niet toegestaan: https://example\.org/netwerk\.png"),
    "tabs": ("begrippen.yaml", "    term: Wijkagent", "\tterm: Wijkagent",
             r"data/begrippen\.yaml:\d+: er staat een tab in het inspringen"),
    "empty": ("casussen.yaml", None, "", r"data/casussen\.yaml: het bestand is leeg"),
    "missing field": ("lessen.yaml", "    kern: Spreek dezelfde taal.\n", "",
                      r"data/lessen\.yaml:\d+: les 2 \('Een tweede les'\), veld 'kern': dit verplichte veld ontbreekt"),
    "wrong type": ("lessen.yaml", "    studietijd: 13", "    studietijd: [13]",
                   r"data/lessen\.yaml:\d+: les 1 \('Een eerste les'\), veld 'studietijd': verwacht een heel getal, kreeg een lijst"),
    "duplicate id": ("begrippen.yaml", "  - id: wijkagent", "  - id: casusoverleg",
                     r"data/begrippen\.yaml:\d+: begrip 'Wijkagent', veld 'id': de sleutel 'casusoverleg' bestaat al"),
    "dangling reference": ("casussen.yaml", "begrippen: [casusoverleg]", "begrippen: [ondermijning]",
                           r"data/casussen\.yaml:\d+: casus 'Een casus', veld 'begrippen\[1\]': het begrip 'ondermijning' bestaat niet"),
    "non-utf8": ("begrippen.yaml", "één persoon", "één persoon".encode("latin-1"),
                 r"data/begrippen\.yaml:\d+: het bestand is geen UTF-8"),
    "script in title": ("lessen.yaml", "    titel: Een eerste les", "    titel: Een <script>alert(1)</script> les",
                        r"data/lessen\.yaml:\d+: les 1 \(.*\), veld 'titel': HTML-code is niet toegestaan: '<script>'"),
    "onerror in body": ("lessen.yaml", "        tekst: Vraag wat de ander bedoelt.",
                        "        tekst: 'Zie <img src=x onerror=alert(1)>'",
                        r"data/lessen\.yaml:\d+: les 2 \(.*\), veld 'uitleg\[2\]\.tekst': HTML-code is niet toegestaan: '<img src=x onerror=alert\(1\)>'"),
}


def _break(project, case):
    filename, old, new, pattern = BAD_CASES[case]
    path = project / "data" / filename
    if isinstance(new, bytes):
        path.write_bytes(path.read_bytes().replace(old.encode(), new))
    elif old is None:
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return pattern


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_bad_content_stops_make_check(tmp_path, case, capsys, monkeypatch):
    from macros.__main__ import main

    project = copy_project(tmp_path / "project")
    pattern = _break(project, case)
    monkeypatch.chdir(project)
    assert main(["check", "--data", "data"]) == 1
    output = capsys.readouterr().err
    assert re.search(pattern, output), output
    assert "Traceback" not in output


@pytest.mark.parametrize("case", ["unclosed quote", "script in title"])
def test_bad_content_stops_the_build_without_output(tmp_path, case):
    project = copy_project(tmp_path / "project")
    pattern = _break(project, case)
    result = mkdocs_build(project, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(pattern, output), output
    assert "Traceback" not in output
    assert not (project / "site").exists(), "a failed build must not write output"


def test_foreign_image_on_a_fixed_page_stops_the_build_and_the_check(fixture_project):
    page = fixture_project / "docs" / "privacy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![kaart](https://tiles.example.org/kaart.png)\n",
                    encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    for cmd in ([sys.executable, "-m", "mkdocs", "build", "--strict"], [sys.executable, "-m", "macros", "check",
                                                                         "--data", "data"]):
        result = subprocess.run(cmd, cwd=fixture_project, capture_output=True, text=True, env=ENV, timeout=300)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert (f"docs/privacy.md:{line}: een afbeelding of ander bestand van een andere website is niet "
                f"toegestaan: https://tiles.example.org/kaart.png") in output, output
        assert "Traceback" not in output
        assert not (fixture_project / "site").exists()


def test_bom_is_accepted_by_the_build(fixture_project):
    path = fixture_project / "data" / "lessen.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert mkdocs_build(fixture_project, "--strict").returncode == 0


def test_large_text_builds(fixture_project):
    path = fixture_project / "data" / "lessen.yaml"
    big = "Een zin van gewone lengte. " * 8000  # about 200 KB in one field
    text = path.read_text(encoding="utf-8").replace("    waarom: Woorden betekenen niet overal hetzelfde.",
                                                    f"    waarom: {big}")
    path.write_text(text, encoding="utf-8")
    result = mkdocs_build(fixture_project, "--strict")
    assert result.returncode == 0, result.stderr
    assert (fixture_project / "site/lessen/tweede-les/index.html").stat().st_size > 200_000


def test_make_help_lists_the_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    for target in ["site", "test", "test-fast", "serve", "check", "ids", "lint", "bench", "help"]:
        assert re.search(rf"make {target}\s", out), out


def test_serve_rebuilds_when_yaml_changes(fixture_project):
    """`make serve` (mkdocs serve) watches data/: an edited lesson title shows up without a restart."""
    import time
    import urllib.request

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                             "--livereload"], cwd=fixture_project, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def fetch() -> str:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/lessen/eerste-les/", timeout=5).read().decode()

    def wait_for(text: str, seconds: float = 60) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if text in fetch():
                    return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    try:
        assert wait_for("Les 1. Een eerste les")
        path = fixture_project / "data" / "lessen.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("titel: Een eerste les", "titel: Een nieuwe titel"),
                        encoding="utf-8")
        assert wait_for("Les 1. Een nieuwe titel"), "the page was not rebuilt after the YAML edit"
    finally:
        proc.terminate()
        proc.wait(timeout=20)

