"""Benchmark of the PDF step (not a test): ``python -m scripts.bench_pdf [--runs 3] [--site DIR]``.

Builds the site once into a temporary folder (unless ``--site`` names a built one), then

1. runs ``python -m scripts.build_pdf SITE`` ``--runs`` times, as ``make site`` does, and reports the
   wall-clock and CPU time of each run;
2. times the phases of one run in this process: assembling the HTML, laying out and writing each PDF;
3. reports the page count and size of both PDFs.

The budget for the whole step is 30 s on a 2-core machine. Other work on the machine (a browser test,
another build) makes the wall-clock time longer; the CPU time shows what the step itself costs.
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

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import build_pdf  # noqa: E402

BUDGET_SECONDS = 30.0


def build_site(target: Path) -> float:
    start = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(target)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("mkdocs build failed:\n" + result.stdout + result.stderr)
    return time.perf_counter() - start


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def end_to_end(site: Path) -> tuple[float, float]:
    """One run of the step as ``make site`` runs it: (wall seconds, CPU seconds)."""
    cpu0, start = child_cpu(), time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "scripts.build_pdf", str(site)], cwd=ROOT,
                            capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("build_pdf failed:\n" + result.stdout + result.stderr)
    return wall, child_cpu() - cpu0


def phases(site: Path) -> list[tuple[str, float]]:
    """Time the phases of one run in this process."""
    import weasyprint

    from macros.content import load_module

    out = []
    t = time.perf_counter()
    module = load_module(ROOT / "data")
    ed = build_pdf.edition(build_pdf.read_config(ROOT / "mkdocs.yml"))
    env = build_pdf.environment()
    jobs = {build_pdf.MODULE_PDF: build_pdf.module_html(site, module, ed, env),
            build_pdf.WORKBOOK_PDF: build_pdf.workbook_html(module, ed, env)}
    out.append(("load data, read the site, assemble the HTML", time.perf_counter() - t))
    css = weasyprint.CSS(filename=str(build_pdf.PRINT_DIR / "print.css"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, (html, _anchors) in jobs.items():
            t = time.perf_counter()
            document = weasyprint.HTML(string=html, base_url=str(site)).render(stylesheets=[css])
            out.append((f"{name}: layout ({len(document.pages)} pages)", time.perf_counter() - t))
            t = time.perf_counter()
            document.write_pdf(Path(tmp) / name, pdf_variant=build_pdf.PDF_VARIANT)
            out.append((f"{name}: write tagged PDF", time.perf_counter() - t))
    return out


def pdf_facts(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return f"{len(reader.pages):4} pages  {path.stat().st_size / 1024:7.0f} kB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="end-to-end runs (default 3)")
    ap.add_argument("--site", type=Path, help="a built site to use (default: build one in a temporary folder)")
    args = ap.parse_args(argv)

    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tmp = None
    if args.site:
        site = args.site
    else:
        tmp = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
        site = tmp / "site"
        print(f"mkdocs build: {build_site(site):.1f} s")
    try:
        walls = []
        for i in range(args.runs):
            wall, cpu = end_to_end(site)
            walls.append(wall)
            print(f"run {i + 1}: {wall:5.1f} s wall, {cpu:5.1f} s CPU")
        if walls:
            verdict = "within" if min(walls) <= BUDGET_SECONDS else "OVER"
            print(f"build_pdf: best {min(walls):.1f} s, median {statistics.median(walls):.1f} s "
                  f"({verdict} the {BUDGET_SECONDS:.0f} s budget)")
        print("phases (in process, WeasyPrint already imported after the first):")
        for label, seconds in phases(site):
            print(f"  {seconds:5.1f} s  {label}")
        for name in (build_pdf.MODULE_PDF, build_pdf.WORKBOOK_PDF):
            path = site / "downloads" / name
            if path.exists():
                print(f"{name:34} {pdf_facts(path)}")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
