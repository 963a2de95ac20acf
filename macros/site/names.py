"""Names, spelled out once: page titles, page addresses and PDF anchors. Templates (as Jinja globals),
the print step and the tests all use these."""
from __future__ import annotations

# The collections that get a page per item and a part in the module PDF, in the order of the site.
KINDS = ("lessen", "casussen", "begrippen")
# Every kind of item that gets a page of its own: also the trainer's programmes (begeleidersmap).
PAGE_KINDS = (*KINDS, "programmas")
# The folder in docs/ (and the section of the site) of each kind's pages.
SECTION = {"lessen": "lessen", "casussen": "casussen", "begrippen": "begrippen", "programmas": "begeleiders"}

# Anchor prefixes in the PDF: krachtig-lerende-netwerken.pdf#les-<id>, #casus-<id>, #begrip-<id>.
ANCHOR_PREFIX = {"lessen": "les", "casussen": "casus", "begrippen": "begrip",
                 # a knowledge-check question after its lesson, and its answer in the part Antwoorden
                 "kennischeck": "kc", "antwoorden": "antwoord",
                 # the begeleidersmap: a programme, a meeting in it, a vignette's key, an exercise card
                 "programmas": "programma", "bijeenkomst": "bijeenkomst", "sleutels": "sleutel",
                 "opdrachten": "opdracht"}

# The downloads `make site` writes next to the site.
DOWNLOADS = {
    "module": "downloads/krachtig-lerende-netwerken.pdf",
    "werkboek": "downloads/werkboek.pdf",
    "offline": "downloads/krachtig-lerende-netwerken-offline.zip",
    "begeleidersmap": "downloads/begeleidersmap.pdf",
}


def lesson_title(les: dict) -> str:
    """'Les 3. Zoek samen woorden voor één verhaal'."""
    return f"Les {les['nummer']}. {les['titel']}"


def term_title(begrip: dict) -> str:
    """'Zorg- en Veiligheidshuis (ZVH)': the term with its abbreviation."""
    return begrip["term"] + (f" ({begrip['afkorting']})" if begrip.get("afkorting") else "")


def case_title(casus: dict) -> str:
    return casus["titel"]


def programme_title(programma: dict) -> str:
    return programma["titel"]


def meeting_title(number: int, bijeenkomst: dict) -> str:
    """'Bijeenkomst 2. Dezelfde woorden, een andere blik'."""
    return f"Bijeenkomst {number}. {bijeenkomst['titel']}"


def exercise_title(les: dict) -> str:
    """The group exercise of a lesson: 'Groepsopdracht: Incidentmethode over een lastig moment (les 1)'."""
    return f"Groepsopdracht: {les['werkvorm']['titel']} (les {les['nummer']})"


TITLE = {"lessen": lesson_title, "casussen": case_title, "begrippen": term_title, "programmas": programme_title}


def title(kind: str, item: dict) -> str:
    """The heading of an item's page (and its section in the PDF)."""
    return TITLE[kind](item)


def src_uri(kind: str, item_id: str) -> str:
    """The page's source path inside docs/: 'lessen/gezamenlijke-taal.md', 'begeleiders/tien-sessies.md'."""
    return f"{SECTION[kind]}/{item_id}.md"


def page_url(kind: str, item_id: str) -> str:
    """The page's address in the built site: 'lessen/gezamenlijke-taal/'."""
    return f"{SECTION[kind]}/{item_id}/"


def anchor(kind: str, item_id: str) -> str:
    """The item's section in the module PDF: 'les-gezamenlijke-taal'."""
    return f"{ANCHOR_PREFIX[kind]}-{item_id}"


# The source of every generated page: the kln plugin renders it from the data (render.ITEM_PAGE), so the
# macros plugin has nothing to do there and skips it.
GENERATED_SOURCE = "---\nrender_macros: false\n---\n"
