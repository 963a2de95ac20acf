"""Unit tests of loading and validation (macros/content.py): every content mistake gets a clear message."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from macros.content import ContentError, load_module

ROOT = Path(__file__).resolve().parent.parent

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal" / "data"


@pytest.fixture
def data(tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(FIXTURE, d)
    return d


def errors(data_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_module(data_dir)
    return info.value.messages


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_minimal_fixture_is_valid(data):
    module = load_module(data)
    assert [les["nummer"] for les in module.lessen] == [1, 2]
    assert module.casussen_bij_les("eerste-les")[0]["id"] == "een-casus"
    lessen, casussen = module.gebruik_van_begrip("casusoverleg")
    assert [les["id"] for les in lessen] == ["eerste-les", "tweede-les"]
    assert [c["id"] for c in casussen] == ["een-casus"]
    assert module.warnings == []


# Each YAML mistake is reported at the line where it starts, in plain Dutch, with what to do.
SYNTAX = {
    # An opening quote never closed: YAML reads on until the next quote, far below, and only then fails.
    "unclosed quote": ("    titel: Een eerste les", '    titel: "Een eerste les', "titel: \"Een eerste les",
                       ["aanhalingsteken", "niet op dezelfde regel wordt gesloten", "merkte de fout pas op regel"]),
    "colon in text": ("    kern: Spreek dezelfde taal.", "    kern: De kosten: onderwijs = 40%",
                      "kern: De kosten:", ["dubbele punt", "aanhalingstekens"]),
    "wrong indentation": ("    waarom: Partners werken beter samen", "      waarom: Partners werken beter samen",
                          "waarom: Partners werken", ["inspringen klopt niet", "regel springt verder"]),
    "list item at the wrong level": ("      - Je kunt een lastig punt bespreken.",
                                     "    - Je kunt een lastig punt bespreken.", "- Je kunt een lastig punt",
                                     ["inspringen klopt niet", "lijstitem"]),
    "tab in a list item": ("      - Je kunt een lastig punt bespreken.", "      -\tJe kunt een lastig punt bespreken.",
                           "Je kunt een lastig punt", ["tab", "spaties"]),
    "quote at the end of the file": ("        url: https://example.org/bron\n  - id: tweede-les",
                                     '        url: "https://example.org/bron\n  - id: tweede-les',
                                     'url: "https://example.org/bron', ["aanhalingsteken"]),
}


@pytest.mark.parametrize("case", SYNTAX, ids=list(SYNTAX))
def test_yaml_syntax_errors_point_at_the_line_where_they_start(data, case):
    old, new, needle, words = SYNTAX[case]
    path = data / "lessen.yaml"
    edit(path, old, new)
    (msg,) = errors(data)
    assert msg.startswith(f"data/lessen.yaml:{line_of(path, needle)}: "), msg
    for word in words:
        assert word in msg, (word, msg)
    assert re.search(r"[a-z]{2,}", msg) and "did not find" not in msg and "mapping values" not in msg


def test_unclosed_quote_far_from_where_yaml_notices_it(data):
    """The case from the second edition's issue: the quote opens many lines above the parser's error."""
    path = data / "lessen.yaml"
    edit(path, "    kern: Samenwerken is soms lastig. Zeg dat hardop.",
         '    kern: "Samenwerken is soms lastig. Zeg dat hardop.')
    (msg,) = errors(data)
    start = line_of(path, 'kern: "Samenwerken')
    assert msg.startswith(f"data/lessen.yaml:{start}: hier begint een tekst met een aanhalingsteken")
    noticed = int(re.search(r"pas op regel (\d+)", msg).group(1))
    assert noticed > start + 5


def test_tab_indentation(data):
    edit(data / "begrippen.yaml", "    term: Wijkagent", "\tterm: Wijkagent")
    (msg,) = errors(data)
    assert msg.startswith(f"data/begrippen.yaml:{line_of(data / 'begrippen.yaml', 'term: Wijkagent')}:")
    assert "tab" in msg and "spaties" in msg


def test_empty_file(data):
    (data / "casussen.yaml").write_text("# nog niets\n", encoding="utf-8")
    assert errors(data) == ["data/casussen.yaml: het bestand is leeg"]


def test_missing_required_field(data):
    edit(data / "lessen.yaml", "    kern: Spreek dezelfde taal.\n", "")
    (msg,) = errors(data)
    assert "les 2 ('Een tweede les'), veld 'kern': dit verplichte veld ontbreekt" in msg
    assert msg.startswith("data/lessen.yaml:")


def test_wrong_type_matches_the_documented_example(data):
    edit(data / "lessen.yaml", "    reflectievragen:\n      - id: tweede-les-handelen",
         "    reflectievragen: Wat vind je ervan?\n    oud:\n      - id: tweede-les-handelen")
    msgs = errors(data)
    line = line_of(data / "lessen.yaml", "reflectievragen: Wat vind je")
    assert (f"data/lessen.yaml:{line}: les 2 ('Een tweede les'), veld 'reflectievragen': "
            f"verwacht een lijst, kreeg tekst") in msgs
    assert any("veld 'oud': dit veld bestaat niet" in m for m in msgs)


def test_duplicate_id(data):
    edit(data / "lessen.yaml", "  - id: tweede-les\n", "  - id: eerste-les\n")
    msgs = errors(data)
    assert any("les 2 ('Een tweede les'), veld 'id': de sleutel 'eerste-les' bestaat al" in m for m in msgs)


def test_a_name_belongs_to_one_term(data):
    # Glossary linking looks a word up by name: two terms with the same name (or form) would compete.
    edit(data / "begrippen.yaml", "    term: Wijkagent\n", "    term: Wijkagent\n    vormen: [CASUSOVERLEGGEN]\n")
    (msg,) = errors(data)
    assert msg.startswith(f"data/begrippen.yaml:{line_of(data / 'begrippen.yaml', 'vormen: [CASUSOVERLEGGEN]')}:")
    assert ("begrip 'Wijkagent', veld 'vormen[1]': de naam 'CASUSOVERLEGGEN' hoort al bij het begrip "
            "'casusoverleg' (item 1)") in msg, msg


def test_duplicate_question_id_across_lessons_and_vignettes(data):
    edit(data / "casussen.yaml", "id: een-casus-vraag-2", "id: eerste-les-handelen")
    (msg,) = errors(data)
    assert msg.startswith("data/casussen.yaml:")
    assert "vraag-sleutel 'eerste-les-handelen' bestaat al (bij lessen/eerste-les)" in msg


def test_dangling_references(data):
    edit(data / "lessen.yaml", "begrippen: [casusoverleg, wijkagent]", "begrippen: [casusoverleg, politie]")
    edit(data / "casussen.yaml", "lessen: [eerste-les, tweede-les]", "lessen: [eerste-les, derde-les]")
    msgs = errors(data)
    assert any("les 1 ('Een eerste les'), veld 'begrippen[2]': het begrip 'politie' bestaat niet" in m for m in msgs)
    assert any("casus 'Een casus', veld 'lessen[2]': de les 'derde-les' bestaat niet" in m for m in msgs)


def test_non_utf8_bytes(data):
    path = data / "begrippen.yaml"
    raw = path.read_bytes().replace("één persoon".encode(), "één persoon".encode("latin-1"))
    path.write_bytes(raw)
    (msg,) = errors(data)
    assert msg.startswith(f"data/begrippen.yaml:{line_of(FIXTURE / 'begrippen.yaml', 'één persoon')}:")
    assert "geen UTF-8" in msg


def test_utf8_bom_is_accepted(data):
    path = data / "lessen.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_module(data).lessen[0]["id"] == "eerste-les"


@pytest.mark.parametrize("field_line,injected,quoted", [
    ("    titel: Een eerste les", "    titel: Een eerste les <script>alert(1)</script>", "'<script>'"),
    ("        tekst: Vraag wat de ander bedoelt.", "        tekst: 'Zie <img src=x onerror=alert(1)>'",
     "'<img src=x onerror=alert(1)>'"),
    ("        tekst: Vraag wat de ander bedoelt.", "        tekst: 'Kijk {: onclick=alert(1) }'",
     "'{: onclick=alert(1) }'"),
    ("        tekst: Vraag wat de ander bedoelt.", "        tekst: 'Kijk [hier](a.md){ onclick=\"x\" }'",
     "'{ onclick=\"x\" }'"),
    ("        tekst: Vraag wat de ander bedoelt.", "        tekst: '[klik](javascript:alert(1))'",
     "'javascript:alert(1)'"),
    ("        tekst: Vraag wat de ander bedoelt.", "        tekst: '{{ config }}'", "'{{ config }}'"),
])
def test_markup_in_content_is_rejected(data, field_line, injected, quoted):
    edit(data / "lessen.yaml", field_line, injected)
    (msg,) = errors(data)
    assert msg.startswith(f"data/lessen.yaml:{line_of(data / 'lessen.yaml', injected.strip()[:20])}:")
    assert "niet toegestaan" in msg and quoted in msg, msg


@pytest.mark.parametrize("text", ["De kosten: onderwijs = 40% van het budget.", "Als a<b, dan b>a niet altijd.",
                                  "Een pijl -> en 3 < 4.", "Mail <https://example.org> of stuur een bericht.",
                                  "Zie de {lijst} met namen.", "Het werkt on=off."])
def test_ordinary_text_is_not_taken_for_markup(data, text):
    edit(data / "lessen.yaml", "        tekst: Vraag wat de ander bedoelt.", f"        tekst: '{text}'")
    assert load_module(data).lessen[1]["uitleg"][1]["tekst"] == text


def test_markup_message_gives_the_line_inside_a_long_text(data):
    path = data / "lessen.yaml"
    edit(path, "          Het helpt als je dat zegt.", "          Het helpt als je dat zegt.\n\n          Zie <b>dit</b>.")
    (msg,) = errors(data)
    assert msg.startswith(f"data/lessen.yaml:{line_of(path, 'Zie <b>dit</b>.')}: les 1 ('Een eerste les'), "
                          f"veld 'uitleg[1].tekst': HTML-code is niet toegestaan: '<b>'")


@pytest.mark.parametrize("resource,url", [
    ("![netwerk](https://example.org/netwerk.png)", "https://example.org/netwerk.png"),
    ('![netwerk](//cdn.example.org/n.png "titel")', "//cdn.example.org/n.png"),
    ("![netwerk][plaatje]\n\n          [plaatje]: https://example.org/p.png", "https://example.org/p.png"),
    ("<img src='https://example.org/a.png' alt='a'>", "https://example.org/a.png"),
    ('<iframe src="https://video.example.org/embed/1"></iframe>', "https://video.example.org/embed/1"),
    ("<audio src=https://example.org/a.mp3>", "https://example.org/a.mp3"),
    ("<video poster='https://example.org/p.jpg'></video>", "https://example.org/p.jpg"),
    ("achtergrond: url(https://example.org/bg.png)", "https://example.org/bg.png"),
])
def test_a_resource_from_another_host_stops_the_content(data, resource, url):
    path = data / "lessen.yaml"
    edit(path, "          Het helpt als je dat zegt.", f"          Het helpt als je dat zegt.\n\n          Zie {resource}")
    msgs = errors(data)
    first = resource.split("\n")[0][:15]
    assert msgs[0].startswith(f"data/lessen.yaml:{line_of(path, first)}: les 1 ('Een eerste les'), "
                              f"veld 'uitleg[1].tekst': een afbeelding of ander bestand van een andere website "
                              f"is niet toegestaan: {url}"), msgs


@pytest.mark.parametrize("text", ["Lees [het rapport](https://example.org/rapport.pdf).",
                                  "Zie ![schema](../assets/schema.png).", "Een link: <https://example.org/x.png>"])
def test_links_and_local_images_stay_allowed(data, text):
    edit(data / "lessen.yaml", "        tekst: Vraag wat de ander bedoelt.", f"        tekst: '{text}'")
    assert load_module(data).lessen[1]["uitleg"][1]["tekst"] == text


def test_lesson_numbers_without_gaps(data):
    edit(data / "lessen.yaml", "    nummer: 2", "    nummer: 3")
    (msg,) = errors(data)
    assert "lesnummers moeten 1 tot en met 2 zijn zonder gaten; nummer 2 ontbreekt" in msg


def test_exercise_steps_add_up(data):
    edit(data / "lessen.yaml", "      duur: 25", "      duur: 30")
    msg, *kit = errors(data)
    assert "de stappen duren samen 25 minuten, maar 'duur' is 30" in msg
    # The trainer's programmes give the exercise its minutes: they no longer match either.
    assert kit and all(m.startswith("data/begeleiders.yaml:") and "duurt 30 minuten, dit onderdeel 25" in m
                       for m in kit)


def test_every_lesson_needs_a_vignette(data):
    edit(data / "casussen.yaml", "lessen: [eerste-les, tweede-les]", "lessen: [eerste-les]")
    (msg,) = errors(data)
    assert "les 2 ('Een tweede les'), veld 'id': geen enkele casus laat deze les zien" in msg


def test_orphan_term_is_a_warning(data):
    with open(data / "begrippen.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - id: weegploeg\n    term: Weegploeg\n    kort: Een kleine groep die meldingen weegt.\n"
                 "    uitleg: De weegploeg bekijkt een melding.\n    bron:\n      titel: Een bron\n")
    module = load_module(data)
    (warning,) = module.warnings
    assert warning.startswith(f"data/begrippen.yaml:{line_of(data / 'begrippen.yaml', 'id: weegploeg')}:")
    assert "begrip 'Weegploeg'" in warning and "geen les of casus gebruikt dit begrip" in warning


def test_all_errors_at_once(data):
    edit(data / "lessen.yaml", "    studietijd: 13", "    studietijd: dertien")
    edit(data / "begrippen.yaml", "    kort: Een agent die een eigen wijk heeft.\n", "")
    edit(data / "casussen.yaml", "      plaats: gemeente Dalmeer", "      plaats: ''")
    msgs = errors(data)
    assert len(msgs) == 3
    assert {m.split(":")[0] for m in msgs} == {"data/lessen.yaml", "data/begrippen.yaml", "data/casussen.yaml"}


def test_missing_file(data):
    (data / "begrippen.yaml").unlink()
    assert errors(data) == ["data/begrippen.yaml: dit bestand ontbreekt"]


def test_editorial_floors_hold(module):
    """The floors in macros/quality/floors.py: glossary size, acute route, honest study time."""
    from macros.quality import floors

    assert floors.problems(module) == []


def test_floors_say_what_is_missing(data):
    from macros.quality import floors

    mini = load_module(data)
    found = floors.problems(mini)
    assert "de begrippenlijst heeft 2 begrippen; het minimum is 50" in found
    assert "lessen: 'oog-voor-radicalisering' ontbreekt; daar hoort de route bij acuut gevaar (112, politie)" in found
    mini.lessen[0]["studietijd"] = 60
    assert any(m.startswith("les 1 ('Een eerste les'): studietijd is 60 minuten, maar uit de tekst volgt ongeveer")
               for m in floors.problems(mini))


def test_real_content_is_valid(module):
    """Properties of whatever content there is (an 11th lesson or a new title must not trip this)."""
    assert [les["nummer"] for les in module.lessen] == list(range(1, len(module.lessen) + 1))
    assert module.warnings == [], module.warnings
    ids = module.vraag_ids
    assert len(ids) == len(set(ids))


# ----------------------------------------------------------------------------- Hulp en advies

def test_help_contacts_need_a_source_and_a_check_date(data):
    path = data / "hulp.yaml"
    edit(path, '      gecontroleerd: "2026-12-02"\n    - id: politie', "    - id: politie")
    edit(path, '      gecontroleerd: "2026-12-02"\n    - id: gemeente', '      gecontroleerd: 2 december\n    - id: gemeente')
    msgs = errors(data)
    assert any("Alarmnummer 112" in m or "contacten[1]" in m for m in msgs), msgs
    assert any("'contacten[1].gecontroleerd': dit verplichte veld ontbreekt" in m for m in msgs), msgs
    assert any("contacten[2].gecontroleerd" in m for m in msgs), msgs


# ----------------------------------------------------------------------------- answers never orphaned

def _registry(data: Path, gepubliceerd: list[str], vervallen: list[str] = ()) -> None:
    (data / "vraag-sleutels.yaml").write_text(yaml.safe_dump({"gepubliceerd": gepubliceerd,
                                                              "vervallen": list(vervallen)}), encoding="utf-8")


def test_a_published_question_id_may_not_disappear(data):
    ids = load_module(data).vraag_ids
    _registry(data, ids)
    edit(data / "lessen.yaml", "      - id: eerste-les-terugblikken", "      - id: eerste-les-terugkijken")
    (msg,) = errors(data)
    assert msg.startswith("data/vraag-sleutels.yaml: de vraag-sleutel 'eerste-les-terugblikken' staat niet meer "
                          "in de inhoud. Lerenden hebben hun antwoorden onder die sleutel bewaard")
    assert "'vervallen'" in msg


def test_a_retired_question_id_may_go(data):
    ids = load_module(data).vraag_ids
    _registry(data, ids, vervallen=["eerste-les-terugblikken"])
    edit(data / "lessen.yaml", "      - id: eerste-les-terugblikken", "      - id: eerste-les-terugkijken")
    assert "eerste-les-terugkijken" in load_module(data).vraag_ids


def test_make_ids_records_new_question_ids(data):
    from macros.__main__ import main

    _registry(data, ["eerste-les-handelen"])
    assert main(["ids", "--data", str(data)]) == 0
    registry = yaml.safe_load((data / "vraag-sleutels.yaml").read_text(encoding="utf-8"))
    assert registry["gepubliceerd"] == load_module(data).vraag_ids
    assert (data / "vraag-sleutels.yaml").read_text(encoding="utf-8").startswith("# Elke vraag-sleutel")


def test_the_committed_registry_holds_every_question_id(module):
    from macros.content import question_ids

    registry = question_ids.read(ROOT / "data")
    assert registry is not None, "data/vraag-sleutels.yaml ontbreekt: draai 'make ids'"
    missing = question_ids.new(module.vraag_ids, registry)
    assert missing == [], (f"{len(missing)} vraag-sleutel(s) staan nog niet in data/vraag-sleutels.yaml: "
                           f"draai 'make ids' en commit het bestand ({', '.join(missing[:5])})")


# ----------------------------------------------------------------------------- make check

def test_make_check_prints_errors_in_dutch_without_traceback(data, capsys):
    from macros.__main__ import main

    edit(data / "lessen.yaml", "    titel: Een eerste les", '    titel: "Een eerste les')
    assert main(["check", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("De inhoud bevat 1 fout(en). Er is niets gebouwd.\n  ")
    assert "Traceback" not in err


def test_make_check_gives_authors_hints(data, capsys):
    from macros.__main__ import main

    edit(data / "begrippen.yaml", "    uitleg: De wijkagent kent de mensen in de wijk.",
         "    uitleg: De wijkagent kent de mensen in de wijk en de wijkagnet helpt.")
    assert main(["check", "--data", str(data)]) == 0
    err = capsys.readouterr().err
    assert "begrip 'Wijkagent': de uitleg telt 12 woorden; aanbevolen is 60 tot 200" in err
    assert "les 1 ('Een eerste les'): de uitleg telt" in err
    assert "begrip 'Wijkagent': onbekende woorden" in err and "wijkagnet" in err


def test_make_check_is_fast_on_the_real_content():
    import time

    from macros.__main__ import main

    start = time.perf_counter()
    assert main(["check"]) == 0
    assert time.perf_counter() - start < 5


# ----------------------------------------------------------------------------- knowledge check

def test_one_answer_question_needs_exactly_one_right_option(data):
    # Question 1 of lesson 1 is of kind 'een'; its second option becomes right as well.
    edit(data / "lessen.yaml", '          - tekst: "Je zegt niets."\n            juist: false',
         '          - tekst: "Je zegt niets."\n            juist: true')
    (msg,) = errors(data)
    start = line_of(data / "lessen.yaml", "id: eerste-les-kc-1")
    line = int(msg.split(":")[1])
    assert start < line <= start + 5, msg  # at the question's options
    assert "les 1 ('Een eerste les'), veld 'kennischeck[1].opties'" in msg
    assert "precies één goed antwoord" in msg and "nu 2" in msg


def test_one_answer_question_without_a_right_option(data):
    edit(data / "lessen.yaml", '"Je vraagt wat de ander bedoelt."\n            juist: true',
         '"Je vraagt wat de ander bedoelt."\n            juist: false')
    (msg,) = errors(data)
    assert "precies één goed antwoord" in msg and "nu 0" in msg


@pytest.mark.parametrize("old, new, count", [
    # The 'meer' question of lesson 1 with only one right option left...
    ('"Je noemt wat je ziet."\n            juist: true', '"Je noemt wat je ziet."\n            juist: false', 1),
    # ... or with every option right.
    ('"Je zegt niets."\n            juist: false\n            feedback: "Dan blijft de vraag liggen."\n'
     '          - tekst: "Je noemt wat je ziet."\n            juist: true',
     '"Je zegt niets."\n            juist: true\n            feedback: "Dan blijft de vraag liggen."\n'
     '          - tekst: "Je noemt wat je ziet."\n            juist: true', 1),
])
def test_more_answer_question_needs_two_right_and_one_wrong(data, old, new, count):
    edit(data / "lessen.yaml", old, new, count)
    (msg,) = errors(data)
    assert "soort 'meer' heeft minstens twee goede antwoorden en minstens één fout antwoord" in msg
    assert "les 1 ('Een eerste les')" in msg


def test_every_option_needs_feedback(data):
    edit(data / "lessen.yaml", '            feedback: "Dan blijft de vraag liggen."\n', "")
    (msg,) = errors(data)
    assert "les 1 ('Een eerste les'), veld 'kennischeck[1].opties[2].feedback': dit verplichte veld ontbreekt" in msg


def test_a_knowledge_check_has_four_to_six_questions(data):
    text = (data / "lessen.yaml").read_text(encoding="utf-8")
    start, end = text.index("      - id: eerste-les-kc-3"), text.index("    werkvorm:")
    (data / "lessen.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    (msg,) = errors(data)
    assert "les 1 ('Een eerste les'), veld 'kennischeck'" in msg and "minstens 4" in msg


def test_a_knowledge_check_id_may_not_repeat_a_reflection_question_id(data):
    edit(data / "lessen.yaml", "id: eerste-les-kc-2", "id: eerste-les-handelen")
    (msg,) = errors(data)
    assert "vraag-sleutel 'eerste-les-handelen' bestaat al (bij lessen/eerste-les)" in msg


def test_an_unknown_kind_is_named(data):
    edit(data / "lessen.yaml", "        soort: meer", "        soort: alle")
    (msg,) = errors(data)
    assert "veld 'kennischeck[4].soort': 'alle' kan niet; kies uit: een, meer" in msg


def test_the_real_knowledge_check_spread(module):
    # Every lesson has its check: 4 to 6 questions, both kinds in the module, every option explained.
    for les in module.lessen:
        assert 4 <= len(les["kennischeck"]) <= 6, les["id"]
        for q in les["kennischeck"]:
            assert all(o["feedback"].strip() for o in q["opties"]), q["id"]
    kinds = {q["soort"] for les in module.lessen for q in les["kennischeck"]}
    assert kinds == {"een", "meer"}


# ----------------------------------------------------------------------------- the begeleidersmap

def test_meeting_parts_must_add_up(data):
    edit(data / "begeleiders.yaml", "            - minuten: 25\n              wat: De casus bespreken",
         "            - minuten: 30\n              wat: De casus bespreken")
    (msg,) = errors(data)
    line = line_of(data / "begeleiders.yaml", "duur: 60")
    assert msg == (f"data/begeleiders.yaml:{line}: programma 'Twee bijeenkomsten', bijeenkomst 1 ('De eerste keer'), "
                   f"veld 'duur': de onderdelen duren samen 65 minuten, maar 'duur' is 60")


def test_a_group_exercise_gets_its_own_minutes(data):
    edit(data / "begeleiders.yaml", "            - minuten: 25\n              werkvorm: tweede-les\n            - minuten: 35",
         "            - minuten: 30\n              werkvorm: tweede-les\n            - minuten: 30")
    (msg,) = errors(data)
    assert "bijeenkomst 2 ('De tweede keer'), onderdeel 1, veld 'minuten': de groepsopdracht van les 2 " \
           "duurt 25 minuten, dit onderdeel 30" in msg


@pytest.mark.parametrize("old, new, expected", [
    ("          lessen: [eerste-les]\n", "          lessen: [derde-les]\n",
     "veld 'lessen[1]': de les 'derde-les' bestaat niet in data/lessen.yaml"),
    ("              werkvorm: eerste-les\n            - minuten: 25", "              werkvorm: eerste-lesje\n            - minuten: 25",
     "onderdeel 2, veld 'werkvorm': de les 'eerste-lesje' bestaat niet in data/lessen.yaml"),
    ("          casus: een-casus\n          voorbereiding: |\n            Lees les 1.\n",
     "          casus: geen-casus\n          voorbereiding: |\n            Lees les 1.\n",
     "veld 'casus': de casus 'geen-casus' bestaat niet in data/casussen.yaml"),
    ("              wat: Welkom\n", "              wat: Welkom\n              werkvorm: eerste-les\n",
     "onderdeel 1: geef 'wat' (een eigen onderdeel) of 'werkvorm'"),
])
def test_trainer_references_resolve(data, old, new, expected):
    edit(data / "begeleiders.yaml", old, new)
    msgs = errors(data)
    assert any(expected in m and "programma 'Twee bijeenkomsten', bijeenkomst 1" in m for m in msgs), msgs


def test_every_vignette_has_a_key(data):
    edit(data / "begeleiders.yaml", "    - casus: een-casus\n", "    - casus: andere-casus\n")
    msgs = errors(data)
    assert any("sleutel bij casus 'andere-casus', veld 'casus': de casus 'andere-casus' bestaat niet" in m for m in msgs)
    assert any("de casus 'een-casus' heeft nog geen sleutel; elke casus heeft er een" in m for m in msgs)


def test_a_scale_question_names_its_ends(data):
    edit(data / "begeleiders.yaml", "        laag: Niet bruikbaar\n", "")
    (msg,) = errors(data)
    assert "evaluatie, vraag 2: een vraag met soort 'schaal' heeft 'laag' en 'hoog'" in msg


def test_a_missing_trainer_field_is_named(data):
    edit(data / "begeleiders.yaml", "          materiaal:\n            - Pen en papier\n          onderdelen:\n"
         "            - minuten: 15", "          onderdelen:\n            - minuten: 15")
    (msg,) = errors(data)
    line = line_of(data / "begeleiders.yaml", "- titel: De eerste keer")
    assert msg == (f"data/begeleiders.yaml:{line}: programma 'Twee bijeenkomsten', bijeenkomst 1 ('De eerste keer'), "
                   f"veld 'materiaal': dit verplichte veld ontbreekt")


def test_the_real_programmes_cover_every_lesson_and_add_up(module):
    for programma in module.programmas.values():
        lessons = {part["werkvorm"] for b in programma["bijeenkomsten"] for part in b["onderdelen"] if "werkvorm" in part}
        assert lessons == {les["id"] for les in module.lessen}, programma["id"]
        for b in programma["bijeenkomsten"]:
            assert sum(p["minuten"] for p in b["onderdelen"]) == b["duur"]
    assert set(module.sleutels) == set(module.casussen)


def test_inlined_schemas_find_the_same_mistakes_as_the_referenced_ones():
    """schema.validator inlines the "$ref"s (faster at scale); the mistakes it finds and the messages stay
    those of the schemas as written, resolved through the registry."""
    import json

    from jsonschema import Draft202012Validator

    from macros.content import schema

    docs = schema.documents()
    data = yaml.safe_load((ROOT / "data" / "lessen.yaml").read_text(encoding="utf-8"))
    les = data["lessen"][0]
    les["studietijd"] = "tien"                      # a type
    les["titel"] = ""                               # a text that may not be empty
    les["extra"] = 1                                # a field that does not exist
    del les["kern"]                                 # a required field
    les["reflectievragen"][0]["id"] = "Geen Sleutel"   # a pattern, through a reference to common.schema.json
    inlined = schema.validator("lessen")
    assert '"$ref"' not in json.dumps(inlined.schema)
    referenced = Draft202012Validator(docs["lessen.schema.json"], registry=schema.registry(docs))

    def found(v):
        return sorted((str(p), m) for p, m in map(schema.message, v.iter_errors(data)))

    assert found(inlined) == found(referenced)
    assert len(found(inlined)) >= 5


def _mutants(root):
    """Broken variants of ``root``, made in place one at a time (use each before asking for the next): every
    value replaced by a value of another kind, every field dropped, an unknown field added, every list
    emptied, grown and given a double. Yields the path of the change."""

    def walk(parent, key, path):
        here = parent[key]
        for value in (None, 7, -1, 2.5, True, "", "Geen Sleutel", [], {"x": 1}):
            if value != here or type(value) is not type(here):
                parent[key] = value
                yield path
        if isinstance(here, dict):
            parent[key] = {**here, "onbekend": 1}
            yield path
            for k in list(here):
                parent[key] = {n: v for n, v in here.items() if n != k}
                yield path
            parent[key] = here
            for k in list(here):
                yield from walk(here, k, path + (k,))
        elif isinstance(here, list):
            for variant in ([*here, "x"], [*here, *here[:1]]):
                parent[key] = variant
                yield path
            parent[key] = here
            for i in range(len(here)):
                yield from walk(here, i, path + (i,))
        parent[key] = here

    box = [root]
    for path in walk(box, 0, ()):
        yield path, box[0]


@pytest.mark.parametrize("coll", ["lessen", "begrippen", "casussen", "hulp", "begeleiders"])
def test_the_quick_check_and_the_validator_always_agree(coll):
    """load.py asks fastjsonschema first and the validator only when that says no (schema.quick_check): so
    the quick check may never pass what the validator rejects. Both judge broken variants of the data."""
    from macros.content import schema

    data = yaml.safe_load((FIXTURE / f"{coll}.yaml").read_text(encoding="utf-8"))
    check, full = schema.quick_check(coll), schema.validator(coll)
    assert check is not None and check(data) and full.is_valid(data)
    disagree, broken = [], 0
    for path, variant in _mutants(data):
        valid = full.is_valid(variant)
        broken += not valid
        if check(variant) != valid:
            disagree.append((path, valid))
    assert not disagree, disagree[:5]
    assert broken > 100  # the variants do break the schema
    assert check(data) and full.is_valid(data)  # and each was undone


@pytest.mark.parametrize("text", [
    "Zie ![foto](https://example.org/a.png).", "Zie ![foto][f].\n\n[f]: https://example.org/a.png",
    "Klik <a href=x>hier</a>.", "Kijk <iframe src='//example.org/x'>.", "Stijl url(https://example.org/x.png)",
    "Een <!-- opmerking -->.", "Een <?php ?> stukje.", "Kijk {: .rood }", "Kijk {#anker}", "Een {% if %} blok",
    "Los %} einde", "Los }} einde", "[klik](javascript:alert(1))", "[klik]: javascript:alert(1)",
    "<data:text/html,hoi>",
])
def test_every_kind_of_markup_passes_the_quick_precheck(text):
    # markup.problems skips texts without a suspect character (_SUSPECT); no kind of problem may slip past it.
    from macros.content import markup

    assert markup._SUSPECT.search(text), text
    assert markup.problems(text), text


def test_the_reader_gives_what_yaml_gives():
    # reader.Reader builds the data itself (to know every value's line), with a short cut for texts.
    from macros.content.reader import Reader

    tricky = "a: !!str 12\nb: 'x'\nc: yes\nd: 0x10\ne: ~\nf: 2.50\ng: 2026-12-02\nh: [1, 'een', {i: no}]\n"
    for text in [tricky, *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.yaml")))]:
        assert Reader("x", text).read() == yaml.safe_load(text)
