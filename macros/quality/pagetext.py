"""The text a learner reads on a built page: the article, without navigation, sources, citations,
lists of links and labels. Both language checks (readability, spelling) read this, not the YAML."""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

# Parts of a page that are not running prose: sources and citations (titles, often in English),
# quotations of the report, lists of links to other pages, navigation and labels.
SKIP_SELECTORS = [".headerlink", ".kln-bronnen", ".kln-bronregel", ".kln-citaat", ".kln-verwijzingen", ".kln-pager",
                  ".kln-meta", "script", "style", "code", ".kln-vraag__fase", ".md-source-file", "nav",
                  ".tabbed-labels", ".kln-az"]


def page_text(html: str) -> str:
    """The article's visible text, one block (paragraph, list item, heading) per line."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.md-content__inner") or soup.body or soup
    for selector in SKIP_SELECTORS:
        for element in article.select(selector):
            element.decompose()
    # A definition term that is only a link (the A-Z index) is a label for another page, not prose.
    for dt in article.find_all("dt"):
        if dt.find("a") and dt.get_text(strip=True).startswith(dt.find("a").get_text(strip=True)):
            dt.decompose()
    lines = []
    blocks = ["p", "li", "h1", "h2", "h3", "h4", "td", "th", "summary", "dt", "dd", "label", "legend"]
    for element in article.find_all(lambda tag: tag.name in blocks or "kln-vraag__hint" in tag.get("class", [])):
        if element.find(["p", "li", "ul", "ol", "table"]):
            # Only the element's own text; nested blocks are visited on their own.
            own = "".join(t for t in element.find_all(string=True, recursive=False))
            text = own
        else:
            text = element.get_text(" ")
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            lines.append(text)
    return "\n".join(lines)


def content_pages(site: Path) -> list[Path]:
    """Every page a learner reads: all index.html files except search and the 404 page."""
    return sorted(p for p in site.rglob("index.html") if "search" not in p.parts and p.parent.name != "downloads")
