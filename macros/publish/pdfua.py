"""The last step of every PDF: what WeasyPrint's tagging leaves undone for PDF/UA-1.

- Running heads and page numbers (the @page margin boxes) are marked content that WeasyPrint keeps
  out of the structure tree: readers then meet them as untagged content. They become artifacts of
  type Pagination (ISO 14289-1, 7.8), and their entries leave the structure's parent tree.
- Link annotations get the Print flag (ISO 14289-1, 7.18.1: print and screen show the same).

Works on the written file with pikepdf (QPDF), using only the PDF's own structures.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pikepdf

_PRINT_FLAG = 4


def _reachable(struct_root) -> set[tuple[int, int]]:
    """Every structure element that hangs in the tree under StructTreeRoot (by object id)."""
    seen: set[tuple[int, int]] = set()
    stack = [struct_root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.is_indirect:
            if node.objgen in seen:
                continue
            if node.get("/Type") in (None, "/StructElem") and "/S" in node:
                seen.add(node.objgen)
                stack.append(node.get("/K"))
    return seen


def _mcids_outside_tree(pdf: pikepdf.Pdf) -> dict[int, set[int]]:
    """Per page index: the marked-content ids whose element is not in the structure tree."""
    root = pdf.Root.StructTreeRoot
    inside = _reachable(root)
    nums = root.ParentTree.Nums
    out: dict[int, set[int]] = {}
    for i in range(0, len(nums), 2):
        key, value = int(nums[i]), nums[i + 1]
        if not isinstance(value, pikepdf.Array) or key >= len(pdf.pages):
            continue  # annotations (StructParent) map to one element, not to a page's array
        orphans = {mcid for mcid, elem in enumerate(value)
                   if isinstance(elem, pikepdf.Dictionary) and elem.objgen not in inside}
        if orphans:
            out[key] = orphans
            for mcid in orphans:
                value[mcid] = pikepdf.Object.parse(b"null")
    return out


# A marked-content sequence as WeasyPrint writes it: ``/Span <</MCID 3>> BDC``. Its text is written as
# hexadecimal glyph strings, so this pattern cannot occur inside a string.
_BDC = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _as_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> int:
    """Turn the marked content with these ids into pagination artifacts. A rewrite of the content bytes
    (fast); when that does not find each id exactly once, the content stream is parsed instead."""
    page.contents_coalesce()
    data = page.Contents.read_bytes()
    hits: list[int] = []

    def swap(match: re.Match) -> bytes:
        mcid = int(match.group(1))
        if mcid not in mcids:
            return match.group(0)
        hits.append(mcid)
        return _ARTIFACT

    rewritten = _BDC.sub(swap, data)
    if sorted(hits) == sorted(mcids):
        page.Contents = pdf.make_stream(rewritten)
        return len(hits)
    return _as_artifacts_parsed(pdf, page, mcids)


def _as_artifacts_parsed(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> int:
    ops = pikepdf.parse_content_stream(page)
    changed = 0
    out = []
    for operands, operator in ops:
        if operator == pikepdf.Operator("BDC") and len(operands) == 2:
            props = operands[1]
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props and int(props.MCID) in mcids:
                operands = [pikepdf.Name("/Artifact"),
                            pikepdf.Dictionary(Type=pikepdf.Name("/Pagination"))]
                changed += 1
        out.append((operands, operator))
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return changed


def finish(path: Path) -> dict[str, int]:
    """Mark margin content as artifacts and flag annotations for print, in place. Returns counts."""
    path = Path(path)
    tmp = path.with_name(path.name + ".ua")
    counts = {"artefacten": 0, "annotaties": 0}
    with pikepdf.open(path) as pdf:
        for index, mcids in _mcids_outside_tree(pdf).items():
            counts["artefacten"] += _as_artifacts(pdf, pdf.pages[index], mcids)
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                flags = int(annot.get("/F", 0))
                if not flags & _PRINT_FLAG:
                    annot.F = flags | _PRINT_FLAG
                    counts["annotaties"] += 1
        pdf.save(tmp, deterministic_id=True)
    os.replace(tmp, path)
    return counts
