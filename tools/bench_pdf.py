"""Benchmark of the PDF step (not a test): ``python -m tools.bench_pdf [--runs 3] [--site DIR]``.

Builds the site once into a temporary folder (unless ``--site`` names a built one), then

1. runs ``python -m macros pdf SITE`` ``--runs`` times, as ``make site`` does, and reports the
   wall-clock and CPU time of each run;
2. times the phases of one run in this process: rendering the HTML from the data, the layout (one
   pass: the page references are numbered by target-counter), writing, and the PDF/UA finishing step;
3. reports the page count and size of the three PDFs.

Other work on the machine (a browser test, another build) makes the wall-clock time longer; the CPU
time shows what the step itself costs.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from macros.paths import ROOT
from macros.publish import pdf as build_pdf

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(target: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(target)],
                            cwd=ROOT, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("mkdocs build failed:\n" + result.stdout[-2000:] + result.stderr[-2000:])
    return time.perf_counter() - start


def run_step(site: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "macros", "pdf", str(site)], cwd=ROOT, env=ENV,
                            capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit("the PDF step failed:\n" + result.stderr[-3000:])
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def phases(site: Path) -> dict[str, float]:
    import weasyprint

    from macros.content import load_module
    from macros.paths import PRINT_TEMPLATES

    out: dict[str, float] = {}
    config = build_pdf.read_config(ROOT / "mkdocs.yml")
    docs = build_pdf.Documents(load_module(ROOT / "data"), build_pdf.edition(config), config)
    css = [weasyprint.CSS(filename=str(PRINT_TEMPLATES / "print.css"))]
    jobs = {build_pdf.MODULE_PDF: docs.module_html, build_pdf.WORKBOOK_PDF: docs.workbook_html,
            build_pdf.KIT_PDF: docs.kit_html}
    for name, render_html in jobs.items():
        start = time.perf_counter()
        html, _ = render_html()
        out[f"{name}: HTML uit de data"] = time.perf_counter() - start
        start = time.perf_counter()
        document = weasyprint.HTML(string=html, base_url=str(site)).render(stylesheets=css)
        out[f"{name}: opmaak (met de paginanummers)"] = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / name
            start = time.perf_counter()
            document.write_pdf(target, pdf_variant=build_pdf.PDF_VARIANT)
            out[f"{name}: schrijven"] = time.perf_counter() - start
            start = time.perf_counter()
            build_pdf.pdfua.finish(target)
            out[f"{name}: PDF/UA afmaken"] = time.perf_counter() - start
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--site", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kln-bench-pdf-") as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            print(f"Site gebouwd in {build_site(site):.1f} s")
        walls, cpus = [], []
        for i in range(args.runs):
            wall, cpu = run_step(site)
            walls.append(wall)
            cpus.append(cpu)
            print(f"run {i + 1}: {wall:.1f} s wandklok, {cpu:.1f} s CPU")
        print(f"mediaan: {statistics.median(walls):.1f} s wandklok, {statistics.median(cpus):.1f} s CPU")
        for phase, seconds in phases(site).items():
            print(f"  {phase:55} {seconds:6.2f} s")
        for name in (build_pdf.MODULE_PDF, build_pdf.WORKBOOK_PDF, build_pdf.KIT_PDF):
            path = site / "downloads" / name
            pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
            count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
            print(f"{name}: {count} pagina's, {path.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
