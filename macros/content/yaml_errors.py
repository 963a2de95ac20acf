"""PyYAML's syntax errors in plain Dutch, pointing at the line where the problem starts.

PyYAML notices a mistake where the text stops making sense, which can be far below the mistake itself:
a quote opened on line 145 and never closed swallows the lines after it, and the parser only complains
on line 206. ``syntax_message`` gives the line where the problem starts (an unclosed quote, the line
that is indented wrongly, the colon in a text) and, when that differs, the line where it was noticed.
"""
from __future__ import annotations

import re

import yaml

_STRUCTURE = re.compile(r"\n[ \t]*(?:-[ \t]|[\w-]+:[ \t\n])")  # a swallowed list item or 'veld:'


def _line(mark) -> int | None:
    return mark.line + 1 if mark is not None else None


def _text_of(lines: list[str], number: int | None) -> str:
    if number is None or not 1 <= number <= len(lines):
        return ""
    text = lines[number - 1].strip()
    return f" ('{text[:70]}{'…' if len(text) > 70 else ''}')" if text else ""


def unclosed_quote(text: str, before: int | None = None) -> tuple[int, str] | None:
    """The start (line, quote character) of a quoted text that runs over several lines and swallowed
    YAML structure: almost always a quote that was never closed. ``before``: only up to that line."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if before is not None and token.start_mark.line + 1 > before:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line
                    and _STRUCTURE.search(text[token.start_mark.index:token.end_mark.index])):
                found = (token.start_mark.line + 1, token.style)
    except yaml.YAMLError:
        pass  # the scan stops at the same mistake; what was found before it counts
    return found


def syntax_message(rel: str, text: str, exc: yaml.MarkedYAMLError) -> str:
    """One Dutch message for a YAML syntax error: '<file>:<line>: what is wrong, and what to do'."""
    lines = text.splitlines()
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    noticed = _line(exc.problem_mark) or _line(exc.context_mark)
    start_line = _line(exc.context_mark)
    line_text = lines[noticed - 1] if noticed and noticed <= len(lines) else ""

    def where(line):
        return f"{rel}:{line}" if line else rel

    def also(line):
        return "" if line == noticed or noticed is None else f" YAML merkte de fout pas op regel {noticed}."

    if "quoted scalar" in context and "end of stream" in problem:
        return (f"{where(start_line)}: hier begint een tekst met een aanhalingsteken dat nergens wordt "
                f"gesloten{_text_of(lines, start_line)}. Zet hetzelfde aanhalingsteken aan het eind van de "
                f"tekst, of haal het eerste weg.{also(start_line)}")
    quote = unclosed_quote(text, before=noticed)
    if quote:
        line, char = quote
        return (f"{where(line)}: hier begint een tekst met een aanhalingsteken ({char}) dat niet op dezelfde "
                f"regel wordt gesloten{_text_of(lines, line)}. Daardoor leest YAML de regels eronder als "
                f"tekst. Zet hetzelfde aanhalingsteken aan het eind van de tekst op regel {line}.{also(line)}")
    if "\t" in line_text and ("cannot start any token" in problem or "\\t" in problem or "tab" in problem):
        return (f"{where(noticed)}: er staat een tab op deze regel{_text_of(lines, noticed)}, op een plek "
                f"waar YAML dat niet toestaat. Vervang de tab door spaties")
    if "mapping values are not allowed" in problem:
        return (f"{where(noticed)}: er staat een dubbele punt met een spatie erachter in een tekst zonder "
                f"aanhalingstekens{_text_of(lines, noticed)}. YAML leest dat als een nieuw veld. Zet de hele "
                f"tekst tussen aanhalingstekens (\"...\"), of schrijf hem als blok met 'veld: |' en de tekst "
                f"op de regels eronder")
    if "alias" in context or "anchor" in context:
        return (f"{where(noticed)}: een tekst mag niet beginnen met * of &{_text_of(lines, noticed)}. Zet de "
                f"tekst tussen aanhalingstekens")
    if "cannot start any token" in problem:
        return (f"{where(noticed)}: een tekst mag niet beginnen met dit teken{_text_of(lines, noticed)}. Zet "
                f"de tekst tussen aanhalingstekens")
    if "expected" in problem and ("block" in context or "block end" in problem):
        stripped = line_text.lstrip()
        what = ("dit lijstitem (de regel met '-') springt anders in dan de andere items van de lijst"
                if stripped.startswith("-") else
                "deze regel springt verder of minder ver in dan de regels van hetzelfde blok erboven")
        block = (f" Het blok begint op regel {start_line}{_text_of(lines, start_line)}."
                 if start_line and start_line != noticed else "")
        return (f"{where(noticed)}: het inspringen klopt niet: {what}{_text_of(lines, noticed)}.{block} "
                f"Zet de regel precies onder de andere velden of items van hetzelfde niveau (met spaties)")
    return (f"{where(noticed)}: de YAML klopt hier niet{_text_of(lines, noticed)}. Kijk naar inspringen, "
            f"dubbele punten en aanhalingstekens op deze regel of de regel erboven "
            f"(YAML zegt: {problem or context or 'onbekende fout'})")
