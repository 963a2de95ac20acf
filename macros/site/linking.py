"""Glossary linking: the first occurrence on a page of every term links to the term, with its short
definition as a tooltip. Linear in the length of the text, however many terms there are."""
from __future__ import annotations

import re
from collections.abc import Callable

from ..content import Module
from ..content.model import TOKEN_RE as _TOKEN_RE

_LINK_RE = re.compile(r"\[[^\]]*\]\([^)]*\)")

class TermLinker:
    """Links the first occurrence on a page of every glossary term, through ``make_link(text, term)``."""

    def __init__(self, module: Module, make_link: Callable[[str, dict], str], skip: str | None = None):
        self.make_link = make_link
        self.done: set[str] = {skip} if skip else set()
        self.terms = module.begrippen
        self.index = module.term_index

    def _link_segment(self, text: str) -> str:
        matches = list(_TOKEN_RE.finditer(text))
        out, pos, i = [], 0, 0
        while i < len(matches):
            found = None
            for words, seps, exact, bid in self.index.get(matches[i].group(0).lower(), ()):
                n = len(words)
                if bid in self.done or i + n > len(matches):
                    continue
                cand = [m.group(0) for m in matches[i:i + n]]
                if (cand if exact else [w.lower() for w in cand]) != words:
                    continue
                if [" ".join(text[a.end():b.start()].split())
                        for a, b in zip(matches[i:i + n], matches[i + 1:i + n])] != seps:
                    continue
                found = (n, bid)
                break
            if found:
                n, bid = found
                start, end = matches[i].start(), matches[i + n - 1].end()
                self.done.add(bid)
                out.append(text[pos:start])
                out.append(self.make_link(text[start:end], self.terms[bid]))
                pos = end
                i += n
            else:
                i += 1
        out.append(text[pos:])
        return "".join(out)

    def __call__(self, text: str) -> str:
        out, pos = [], 0
        for m in _LINK_RE.finditer(text):  # never link inside an existing link
            out.append(self._link_segment(text[pos:m.start()]))
            out.append(m.group(0))
            pos = m.end()
        out.append(self._link_segment(text[pos:]))
        return "".join(out)
