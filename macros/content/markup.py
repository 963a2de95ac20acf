"""What text from YAML may not contain: live markup, script links and resources from another host.

Plain functions, no MkDocs. ``problems(text)`` returns every problem as ``(offset, message)``: the offset
of the offending text in ``text`` (so the caller can give the line where it stands) and a Dutch message
that quotes it. Only what could become live markup is rejected: ``a<b`` or ``De kosten: onderwijs = 40%``
are ordinary text. Every text is also escaped when it is rendered (``render.escape_markdown``); this
check is there so that an author gets a clear message instead of a silently changed page.
"""
from __future__ import annotations

import re

# A resource from another host: an absolute http(s) URL or a protocol-relative one (//host/...).
_FOREIGN = r"(?:https?:)?//[^\s)\"'<>]+"

# Markdown images: inline ![alt](url "title") and by reference ![alt][ref] with a definition [ref]: url.
_IMAGE_INLINE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*(" + _FOREIGN + r")", re.I)
_IMAGE_REF = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?")
_DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]]+)\]:\s*<?\s*(\S+?)>?(?:\s|$)", re.M)
# HTML elements that load something, and CSS url().
_HTML_RESOURCE = re.compile(r"<\s*(img|image|audio|video|source|track|iframe|frame|embed|object|script|link|input)\b"
                            r"[^>]*?\b(?:src|srcset|href|data|poster)\s*=\s*[\"']?\s*(" + _FOREIGN + ")", re.I)
_CSS_URL = re.compile(r"url\(\s*[\"']?\s*(" + _FOREIGN + ")", re.I)

# Live markup. An HTML tag is '<' directly followed by a tag name and closed by '>' (so 'a<b' and
# '3 < 4' are text; '<https://...>' is a Markdown autolink, also allowed); comments and declarations.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<![A-Za-z]|<\?[A-Za-z]")
# A Markdown attribute list: '{:' ... '}', or '{' with '#id', '.class' or 'key=' ... '}'.
_ATTR_LIST = re.compile(r"\{:[^{}]*\}|\{\s*(?:[#.][\w-]|[\w-]+=)[^{}]*\}")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%|\{#|%\}|\}\}")
# A link or image whose target runs script or embeds data.
_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data)\s*:\S*)|"
                          r"^[ ]{0,3}\[[^\]]+\]:\s*<?\s*((?:javascript|vbscript|data)\s*:\S*)|"
                          r"<((?:javascript|vbscript|data)\s*:[^>\s]*)>", re.I | re.M)


# Every pattern above needs one of these to match: most texts hold none, and skip the checks (a tenth of
# the time of loading the content at 100 times its size; tools/bench.py).
_SUSPECT = re.compile(r"[<>{}]|!\[|%\}|url\(|\]\s*[(:]", re.I)


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


RESOURCE_HELP = ("Dan laadt de pagina iets van een andere website, en dat mag niet: de module haalt niets "
                 "van buiten. Zet het bestand in docs/assets/ en verwijs daarnaar, of maak er een gewone "
                 "link van (zonder ! ervoor)")


def foreign_resources(text: str) -> list[tuple[int, str]]:
    """Images, media, frames and CSS in ``text`` that would load from another host: (offset, URL)."""
    found = [(m.start(), m.group(1)) for m in _IMAGE_INLINE.finditer(text)]
    definitions = {m.group(1).strip().lower(): m.group(2) for m in _DEFINITION.finditer(text)}
    for m in _IMAGE_REF.finditer(text):
        if text[m.end():m.end() + 1] == "(":
            continue  # an inline image, handled above
        ref = (m.group(2) or m.group(1)).strip().lower()
        url = definitions.get(ref, "")
        if re.fullmatch(_FOREIGN, url, re.I):
            found.append((m.start(), url))
    found += [(m.start(), m.group(2)) for m in _HTML_RESOURCE.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _CSS_URL.finditer(text)]
    return sorted(set(found))


def _target(link: str) -> str:
    """A link target as written, without the ')' that closes the Markdown link around it."""
    while link.endswith(")") and link.count(")") > link.count("("):
        link = link[:-1]
    return link


def problems(text: str) -> list[tuple[int, str]]:
    """Every reason to reject ``text``, as (offset, Dutch message quoting the offending text).

    One message per kind of problem (the first occurrence), and one per foreign URL: '<b>' and '</b>'
    are one mistake for the author."""
    if not _SUSPECT.search(text):
        return []
    out = [(pos, f"een afbeelding of ander bestand van een andere website is niet toegestaan: {url}. "
                 f"{RESOURCE_HELP}") for pos, url in foreign_resources(text)]
    taken = {pos for pos, _ in out}
    tag = next((m for m in _HTML_TAG.finditer(text) if m.start() not in taken), None)
    if tag and not any(pos <= tag.start() < pos + 200 and text.find(">", pos) >= tag.start() for pos in taken):
        out.append((tag.start(), f"HTML-code is niet toegestaan: {quote(tag.group(0))}. Gebruik Markdown, "
                                 f"zoals **vet** of [tekst](https://...)"))
    m = _ATTR_LIST.search(text)
    if m:
        out.append((m.start(), f"opmaakcode met accolades is niet toegestaan: {quote(m.group(0))}"))
    m = _JINJA.search(text)
    if m:
        out.append((m.start(), f"sjablooncode is niet toegestaan: {quote(m.group(0))}. "
                               f"Tekens als '{{{{' en '{{%' horen niet in de tekst"))
    m = _SCRIPT_LINK.search(text)
    if m:
        target = _target(next(g for g in m.groups() if g))
        out.append((m.start(), f"een link die een script start of gegevens insluit is niet toegestaan: "
                               f"{quote(target)}"))
    return sorted(out, key=lambda p: p[0])
