"""Unit tests of the pure functions of site/: names, glossary linking, rendering for the site and for
print, the page plan and the navigation."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.content import load_module
from macros.site import names, render
from macros.site.linking import TermLinker
from macros.site.pages import PlannedPage, expand_nav, page_plan
from macros.site.render import Print, Site

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal" / "data"


@pytest.fixture(scope="module")
def mini():
    return load_module(FIXTURE)


def test_escape_text_and_markdown():
    assert render.escape_text('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert "<" not in render.escape_markdown("a <img src=x onerror=alert(1)> b")
    assert render.escape_markdown("**vet** en [link](https://example.org)") == "**vet** en [link](https://example.org)"
    assert "{" not in render.escape_text("{: .x }") and "{" not in render.escape_markdown("{{ x }}")


def site_linker(mini, base: str = "../") -> TermLinker:
    return TermLinker(mini, Site(base=base).term_link)


def test_term_linker_links_first_occurrence_only(mini):
    link = site_linker(mini)
    first = link("Het casusoverleg begint. Na het casusoverleg bel je de Wijkagent.")
    assert first.count("](../begrippen/casusoverleg.md") == 1
    assert '[Wijkagent](../begrippen/wijkagent.md "Een agent die een eigen wijk heeft.")' in first
    assert "begrippen/" not in link("Weer een casusoverleg met de wijkagent.")  # same page: already linked


def test_term_linker_uses_forms_and_word_boundaries(mini):
    link = site_linker(mini, "")
    assert "[casusoverleggen](begrippen/casusoverleg.md" in link("Twee casusoverleggen per week.")
    assert "begrippen/" not in site_linker(mini, "")("De wijkagenten en het casusoverlegverslag.")


def test_term_linker_leaves_existing_links_alone(mini):
    link = site_linker(mini, "")
    text = "Lees [over het casusoverleg](https://example.org/casusoverleg). Daarna het casusoverleg."
    out = link(text)
    assert out.startswith("Lees [over het casusoverleg](https://example.org/casusoverleg).")
    assert out.endswith('[casusoverleg](begrippen/casusoverleg.md "Een overleg van partners over één persoon.")'
                        '{ data-kort="Een overleg van partners over één persoon." }.')


def test_term_page_does_not_link_to_itself(mini):
    page = render.term_page(mini, "casusoverleg")
    assert "(../begrippen/casusoverleg.md" not in page
    assert "[Les 1. Een eerste les](../lessen/eerste-les.md)" in page  # backlinks from the data
    assert "[Casus: Een casus](../casussen/een-casus.md)" in page
    assert '=== "Veiligheid"' in page and '=== "Zorg"' in page


def test_lesson_page_has_every_part(mini):
    page = render.lesson_page(mini, "eerste-les")
    assert page.startswith("# Les 1. Een eerste les\n")
    for part in ["Leerdoelen", "## Waarom deze les ertoe doet", "## Wat de les betekent", "## In de praktijk",
                 "## Valkuilen", "Kernpunten", "## Reflectievragen", "## Groepsopdracht", "## Bronnen"]:
        assert part in page, part
    assert 'data-vraag="eerste-les-handelen"' in page
    assert "[Volgende: les 2. Een tweede les](../lessen/tweede-les.md)" in page
    assert "Vorige:" not in page
    assert "[Een casus](../casussen/een-casus.md)" in page


def test_lesson_page_escapes_yaml_text(mini):
    mini.lessen[0]["titel"] = "Les <b>vet</b>"  # bypasses validation on purpose: rendering escapes too
    try:
        assert "# Les 1. Les &lt;b&gt;vet&lt;/b&gt;" in render.lesson_page(mini, "eerste-les")
    finally:
        mini.lessen[0]["titel"] = "Een eerste les"


def test_term_list_is_grouped_a_to_z(mini):
    page = render.term_list(mini)
    assert page.index("## C") < page.index("## W")
    assert "[**Casusoverleg**](../begrippen/casusoverleg.md)\n:   Een overleg van partners over één persoon." in page


def test_sort_key_ignores_accents():
    assert sorted(["Zorg", "Cliënt", "casus"], key=render.sort_key) == ["casus", "Cliënt", "Zorg"]


def test_page_plan_and_nav(mini):
    plan = page_plan(mini)
    assert [p.src_uri for p in plan["lessen"]] == ["lessen/eerste-les.md", "lessen/tweede-les.md"]
    assert (plan["lessen"][0].kind, plan["lessen"][0].item_id) == ("lessen", "eerste-les")
    # The kln plugin renders a generated page; its source keeps the macros plugin out.
    assert plan["lessen"][0].source == "---\nrender_macros: false\n---\n"
    nav = expand_nav([{"Start": "index.md"}, {"Lessen": ["lessen/index.md"]}, {"Begrippen": ["begrippen/index.md"]}], plan)
    assert nav[2] == {"Begrippen": ["begrippen/index.md"]}  # terms are reached from the index, not the sidebar
    assert nav[1] == {"Lessen": ["lessen/index.md", {"1. Een eerste les": "lessen/eerste-les.md"},
                                 {"2. Een tweede les": "lessen/tweede-les.md"}]}


def test_large_sections_are_grouped_in_the_nav():
    plan = {"lessen": [PlannedPage(f"lessen/l{i}.md", f"{i}. Les", "") for i in range(1, 26)]}
    (entry,) = expand_nav([{"Lessen": ["lessen/index.md"]}], plan)
    groups = entry["Lessen"][1:]
    assert [next(iter(g)) for g in groups] == ["Lessen 1 tot en met 10", "Lessen 11 tot en met 20",
                                               "Lessen 21 tot en met 25"]
    assert groups[2]["Lessen 21 tot en met 25"][-1] == {"25. Les": "lessen/l25.md"}


def test_very_large_sections_are_grouped_again():
    plan = {"lessen": [PlannedPage(f"lessen/l{i}.md", f"{i}. Les", "") for i in range(1, 1001)]}
    (entry,) = expand_nav([{"Lessen": ["lessen/index.md"]}], plan)
    top = entry["Lessen"][1:]
    assert len(top) == 10 and next(iter(top[0])) == "Lessen 1 tot en met 100"
    inner = top[9]["Lessen 901 tot en met 1000"]
    assert [next(iter(g)) for g in inner][:2] == ["Lessen 901 tot en met 910", "Lessen 911 tot en met 920"]
    assert inner[-1]["Lessen 991 tot en met 1000"][-1] == {"1000. Les": "lessen/l1000.md"}


# ----------------------------------------------------------------------------- names

def test_names_are_spelled_out_once(mini):
    les, term = mini.lessen[0], mini.begrippen["casusoverleg"]
    assert names.lesson_title(les) == "Les 1. Een eerste les"
    assert names.term_title({"term": "Zorg- en Veiligheidshuis", "afkorting": "ZVH"}) == "Zorg- en Veiligheidshuis (ZVH)"
    assert names.term_title(term) == "Casusoverleg"
    assert names.src_uri("lessen", "eerste-les") == "lessen/eerste-les.md"
    assert names.page_url("casussen", "een-casus") == "casussen/een-casus/"
    assert names.anchor("begrippen", "casusoverleg") == "begrip-casusoverleg"
    assert set(render.ITEM_PAGE) == set(names.PAGE_KINDS) == set(names.SECTION)
    assert names.src_uri("programmas", "twee-bijeenkomsten") == "begeleiders/twee-bijeenkomsten.md"


def test_define_env_registers_the_macros_the_fixed_pages_call(mini):
    import macros

    class Env:
        def __init__(self):
            self.conf = {"plugins": {"kln": type("P", (), {"module": mini, "offline": False})()}}
            self.variables, self.macros = {}, {}

        def macro(self, fn, name):
            self.macros[name] = fn

    env = Env()
    macros.define_env(env)
    assert {"hulp_pagina", "werkboek", "voortgang", "downloads"} <= set(env.macros)
    assert env.variables["studietijd_totaal"] == mini.studietijd_totaal


# ----------------------------------------------------------------------------- print

def test_print_renders_the_same_partials_for_paper(mini):
    page = render.case_page(mini, "een-casus", Print())
    assert "=== " not in page and "??? " not in page          # no tabs, nothing folded
    assert "!!! success" in page                              # the debriefing is open
    assert '### Mentor Anna { .kln-perspectief }' in page      # each partner under a heading
    assert "<textarea" not in page and 'class="kln-regel"' in page
    # A page reference names its target; the layout prints the number (print.css, target-counter).
    assert ('[Les 1. Een eerste les](#les-eerste-les) <span class="kln-paginaref">(pagina '
            '<span class="kln-pagina" data-doel="#les-eerste-les"></span>)</span>') in page
    assert '(pagina <span class="kln-pagina" data-doel="#hulp-en-advies"></span>)' in page


def test_print_links_terms_to_their_section_and_leaves_out_the_web_only_parts(mini):
    page = render.lesson_page(mini, "eerste-les", Print())
    assert "[casusoverleg](#begrip-casusoverleg){ .kln-begriplink }" in page.lower()
    for web_only in ["kln-afronden", "kln-pager", "Mijn werkboek", "nameddest", ".md)"]:
        assert web_only not in page, web_only
    assert "<https://example.org/bron>" in page   # the address of a source, printed in full


def test_help_page_names_every_contact_with_its_source_and_date(mini):
    page = render.help_page(mini)
    for contact in mini.hulp["contacten"]:
        assert f"## {contact['wie']} {{ #{contact['id']} }}" in page
        assert contact["bron"]["url"] in page
    assert "Gecontroleerd op 2 december 2026." in page


def test_knowledge_check_is_a_fieldset_per_question_with_labelled_inputs(mini):
    from bs4 import BeautifulSoup

    page = render.lesson_page(mini, "eerste-les")
    assert page.index("## Reflectievragen") < page.index("## Kennischeck") < page.index("## Groepsopdracht")
    soup = BeautifulSoup(page, "html.parser")
    questions = mini.lessen[0]["kennischeck"]
    forms = soup.select("form.kln-kc")
    assert [f["data-kc"] for f in forms] == [q["id"] for q in questions]
    for number, (form, q) in enumerate(zip(forms, questions), 1):
        assert form["id"] == names.anchor("kennischeck", q["id"])
        assert form.fieldset.legend.get_text(" ", strip=True) == f"Vraag {number}. {q['vraag']}"
        kind = "radio" if q["soort"] == "een" else "checkbox"
        inputs = form.select("input")
        assert [i["type"] for i in inputs] == [kind] * len(q["opties"])
        for inp, optie in zip(inputs, q["opties"]):
            assert soup.find("label", attrs={"for": inp["id"]}).get_text() == optie["tekst"]
            box = inp.find_parent(class_="kln-kc__optie")
            assert box["data-juist"] == ("ja" if optie["juist"] else "nee")
            assert box.find("template").get_text() == optie["feedback"]
        assert form.select_one("[aria-live=polite]") is not None
        assert form.select_one("button[type=submit]").get_text() == "Controleer"


def test_knowledge_check_text_is_escaped(mini):
    q = mini.lessen[0]["kennischeck"][0]
    old = q["opties"][0]["feedback"]
    q["opties"][0]["feedback"] = "<img src=x onerror=alert(1)>"   # bypasses validation on purpose
    try:
        assert "<img" not in render.lesson_page(mini, "eerste-les")
    finally:
        q["opties"][0]["feedback"] = old


def test_knowledge_check_on_paper_points_to_its_answer(mini):
    q = mini.lessen[0]["kennischeck"][0]
    page = render.lesson_page(mini, "eerste-les", Print())
    assert "<form" not in page and "<input" not in page
    assert f'id="{names.anchor("kennischeck", q["id"])}"' in page
    target = names.anchor("antwoorden", q["id"])
    assert f'<a href="#{target}">Antwoord en uitleg</a>: pagina <span class="kln-pagina" data-doel="#{target}"></span>' in page


# ----------------------------------------------------------------------------- Voor begeleiders

def test_meeting_parts_carry_their_times(mini):
    meeting = mini.programmas["twee-bijeenkomsten"]["bijeenkomsten"][0]
    parts = render.meeting_parts(mini, meeting)
    assert [(p["van"], p["tot"]) for p in parts] == [("0:00", "0:15"), ("0:15", "0:35"), ("0:35", "1:00")]
    assert parts[1]["titel"] == "Groepsopdracht: Een korte ronde (les 1)"
    assert render.clock(95) == "1:35"


def test_programme_page_has_every_meeting_with_its_parts(mini):
    page = render.programme_page(mini, "twee-bijeenkomsten")
    assert page.startswith("# Twee bijeenkomsten\n")
    for heading in ["## Bijeenkomst 1. De eerste keer { #bijeenkomst-twee-bijeenkomsten-1 }",
                    "## Bijeenkomst 2. De tweede keer { #bijeenkomst-twee-bijeenkomsten-2 }",
                    "### Doelen", "### Wat deelnemers vooraf doen", "### Materiaal", "### Verloop"]:
        assert heading in page, heading
    assert "1. **0:00 tot 0:15: Welkom** (15 minuten)" in page
    assert ("[Bekijk de opdrachtkaart](../begeleiders/groepsopdrachten.md#opdracht-eerste-les)") in page
    assert "[sleutel bij de casus](../begeleiders/sleutels.md#sleutel-een-casus)" in page
    assert "[Les 1. Een eerste les](../lessen/eerste-les.md)" in page


def test_the_kit_pdf_names_lessons_and_links_only_to_its_own_parts(mini):
    target = render.KitPrint()
    page = render.programme_page(mini, "twee-bijeenkomsten", target)
    assert "lessen/" not in page and "casussen/" not in page and ".md" not in page
    assert "Les 1. Een eerste les" in page
    assert "[Bekijk de opdrachtkaart](#opdracht-eerste-les)" in page
    key = render.case_key(mini, "een-casus", target)
    assert key.startswith("## Een casus { #sleutel-een-casus }")
    assert "begrippen/" not in key and "#begrip-" not in key   # terms are not in the kit: no links
    card = render.exercise_card(mini, "eerste-les", target)
    assert card.startswith("## Groepsopdracht: Een korte ronde (les 1) { #opdracht-eerste-les }")


def test_ground_rules_and_evaluation_form(mini):
    rules = render.ground_rules(mini)
    assert "## 1. Geen namen" in rules and "## 4. Respect" in rules
    assert "[Hulp en advies](../hulp-en-advies.md)" in rules
    form = render.evaluation_form(mini)
    assert form.count('class="kln-evaluatie__vraag"') == 3
    assert "1 = Niet bruikbaar" in form and "5 = Heel bruikbaar" in form
