"""The module's commands: ``python -m macros <command>``. One error printer for all of them: a Dutch
summary and one line per problem, exit status 1, never a traceback for something a person must fix.

    check [--data DIR]         validate data/ and docs/, and print hints for authors
    ids                        add new question ids to data/vraag-sleutels.yaml
    pdf SITE                   write the PDFs into SITE/downloads/
    offline SITE               write the offline zip and the SCORM package into SITE/downloads/
    compress SITE              write a .gz copy next to every text file (for nginx's gzip_static)
    headers SITE OUT           write the security headers for nginx (CSP hashed from the site)
    taal SITE [--strict]       readability and spelling per page of a built site
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import KlnError
from .paths import DATA, ROOT


def fail(summary: str, messages: list[str]) -> int:
    print(summary, file=sys.stderr)
    for message in messages:
        print(f"  {message}", file=sys.stderr)
    return 1


def docs_problems(docs_dir: Path, root: Path) -> list[str]:
    """The fixed pages in docs/ may use HTML and macros, but may not load anything from another host."""
    from .content import markup

    out = []
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        try:
            rel = page.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = page.as_posix()
        for pos, url in markup.foreign_resources(text):
            out.append(f"{rel}:{text.count(chr(10), 0, pos) + 1}: een afbeelding of ander bestand van een andere "
                       f"website is niet toegestaan: {url}. {markup.RESOURCE_HELP}")
    return out


def check(args) -> int:
    from .content import ContentError, load_module, question_ids
    from .quality import authoring, floors

    data_dir = Path(args.data)
    messages = docs_problems(data_dir.parent / "docs", Path.cwd())
    module = None
    try:
        module = load_module(data_dir, root=Path.cwd())
    except ContentError as exc:
        messages = exc.messages + messages
    if messages:
        return fail(f"De inhoud bevat {len(messages)} fout(en). Er is niets gebouwd.", messages)
    for warning in module.warnings + floors.problems(module) + authoring.hints(module, spell=not args.snel):
        print(f"  Let op: {warning}", file=sys.stderr)
    registry = question_ids.read(data_dir)
    if registry is not None and question_ids.new(module.vraag_ids, registry):
        print(f"  Let op: {len(question_ids.new(module.vraag_ids, registry))} nieuwe vraag-sleutel(s). "
              f"Draai 'make ids' om ze vast te leggen in data/{question_ids.FILENAME}.", file=sys.stderr)
    print(f"Inhoud in orde: {len(module.lessen)} lessen, {len(module.begrippen)} begrippen, "
          f"{len(module.casussen)} casussen.")
    return 0


def ids(args) -> int:
    from .content import load_module, question_ids

    module = load_module(Path(args.data), root=Path.cwd())
    added = question_ids.write(module.vraag_ids, Path(args.data))
    shown = ", ".join(added[:10]) + (" en meer" if len(added) > 10 else "")
    print(f"{len(added)} nieuwe vraag-sleutel(s) vastgelegd in {Path(args.data) / question_ids.FILENAME}"
          + (f": {shown}." if added else "."))
    return 0


def pdf(args) -> int:
    from .publish import pdf as publish_pdf

    start = time.perf_counter()
    results = publish_pdf.build(Path(args.site), Path(args.data), Path(args.config))
    for r in results:
        print(f"PDF: {r.path} ({r.pages} pagina's, {r.path.stat().st_size // 1024} kB)")
    print(f"PDF's klaar in {time.perf_counter() - start:.1f} s.")
    return 0


def offline(args) -> int:
    import zipfile

    from .publish import offline as publish_offline

    start = time.monotonic()
    target = publish_offline.build_offline(Path(args.site))
    with zipfile.ZipFile(target) as zf:
        pdfs = [n for n in zf.namelist() if n.endswith(".pdf")]
        files = sum(1 for n in zf.namelist() if not n.endswith("/"))
    print(f"Offline versie: {target} ({target.stat().st_size / 1e6:.1f} MB, {files} bestanden, "
          f"{len(pdfs)} pdf) in {time.monotonic() - start:.1f} s")
    package = target.parent / publish_offline.scorm.ZIP_NAME
    print(f"SCORM-pakket: {package} ({package.stat().st_size / 1e6:.1f} MB)")
    return 0


def compress(args) -> int:
    from .publish import compress as publish_compress

    start = time.monotonic()
    summary = publish_compress.compress_site(Path(args.site))
    print(f"Gecomprimeerd: {summary.files} bestanden, {summary.before / 1e6:.1f} MB naar {summary.after / 1e6:.1f} MB "
          f"(.gz) in {time.monotonic() - start:.1f} s")
    return 0


def headers(args) -> int:
    from .publish import headers as publish_headers

    publish_headers.write(Path(args.site), Path(args.out))
    return 0


def sources(args) -> int:
    from .publish import sources as publish_sources

    print(f"Bronnen vastgelegd in {publish_sources.record()} (de tests gebruiken deze downloads zolang de "
          f"bronnen niet veranderen).")
    return 0


def taal(args) -> int:
    from .quality import spelling
    from .quality.pagetext import content_pages, page_text
    from .quality.readability import MIN_PAGE, score

    site = Path(args.site)
    failures = 0
    for path in content_pages(site):
        rel = str(path.relative_to(site).parent) or "."
        text = page_text(path.read_text(encoding="utf-8"))
        s = score(text)
        unknown = spelling.unknown_words(text)
        flag = ""
        if s.flesch_douma < MIN_PAGE:
            flag += "  TE MOEILIJK"
            failures += 1
        if unknown:
            flag += "  ONBEKEND: " + " ".join(unknown)
            failures += 1
        print(f"{rel:55} FD {s.flesch_douma:5.1f}  {s.words:5} woorden  {s.words_per_sentence:4.1f} w/zin{flag}")
    return 1 if args.strict and failures else 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m macros", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="valideer data/ en docs/")
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--snel", action="store_true", help="zonder spellingcontrole")
    p.set_defaults(run=check)
    p = sub.add_parser("ids", help="leg nieuwe vraag-sleutels vast")
    p.add_argument("--data", default=str(DATA))
    p.set_defaults(run=ids)
    p = sub.add_parser("pdf", help="maak de PDF's")
    p.add_argument("site")
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    p.set_defaults(run=pdf)
    p = sub.add_parser("offline", help="maak de offline zip")
    p.add_argument("site")
    p.set_defaults(run=offline)
    p = sub.add_parser("compress", help="schrijf .gz-kopieën naast de tekstbestanden")
    p.add_argument("site")
    p.set_defaults(run=compress)
    p = sub.add_parser("headers", help="schrijf de beveiligingsheaders")
    p.add_argument("site")
    p.add_argument("out")
    p.set_defaults(run=headers)
    p = sub.add_parser("sources", help="leg vast van welke bronnen de downloads gemaakt zijn")
    p.set_defaults(run=sources)
    p = sub.add_parser("taal", help="leesbaarheid en spelling per pagina")
    p.add_argument("site")
    p.add_argument("--strict", action="store_true")
    p.set_defaults(run=taal)
    return ap


SUMMARY = {
    "check": "De inhoud bevat fouten. Er is niets gebouwd.",
    "ids": "De vraag-sleutels zijn niet vastgelegd.",
    "pdf": "PDF maken mislukt. Er is geen PDF geschreven.",
    "offline": "Offline versie maken mislukt. Er is geen zip geschreven.",
    "headers": "De beveiligingsheaders zijn niet geschreven.",
    "compress": "Comprimeren mislukt.",
    "taal": "De taalcontrole is mislukt.",
    "sources": "De bronnen zijn niet vastgelegd.",
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KlnError as exc:
        return fail(SUMMARY[args.command], exc.messages)
    except OSError as exc:
        return fail(SUMMARY[args.command], [str(exc)])


if __name__ == "__main__":
    sys.exit(main())
