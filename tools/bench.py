"""Performance benchmark (`make bench`): build time, PDF time, page weight, and how they grow.

Reports, for the real content:
- the full site build time and the PDF step time (with page counts);
- transferred bytes and request count of the home page and a lesson page in Chromium, against a
  "stock" build of the same pages without our CSS, JavaScript and theme overrides;
and for synthetic data sets 10x and 100x larger (copies of every lesson, term and vignette, generated
into a temporary copy of the project): build time, time per page and the size of a lesson page.

Budgets (printed as OK / OVER): a lesson page at most 10% heavier than the stock page; build time per
page and lesson page size grow no faster than linearly with the number of lessons.
This is a benchmark, not a test: it prints figures, and exits 1 only when a budget is over.
"""
from __future__ import annotations

import argparse
import copy
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from tools.project import copy_project

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]



def build(project: Path, out: Path, site_url: str | None = None, config: str = "mkdocs.yml") -> float:
    env = {**ENV, **({"KLN_SITE_URL": site_url} if site_url else {})}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "--site-dir", str(out)],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


# ----------------------------------------------------------------------------- synthetic data

def scale_data(data_dir: Path, factor: int) -> None:
    """Replace the data with `factor` copies of every lesson, term and vignette (ids made unique)."""
    load = lambda name: yaml.safe_load((data_dir / name).read_text(encoding="utf-8-sig"))  # noqa: E731
    lessen, begrippen, casussen = load("lessen.yaml")["lessen"], load("begrippen.yaml")["begrippen"], \
        load("casussen.yaml")["casussen"]
    sfx = lambda value, k: value if k == 0 else f"{value}-x{k}"  # noqa: E731
    out_l, out_b, out_c = [], [], []
    for k in range(factor):
        for les in lessen:
            les = copy.deepcopy(les)
            les["id"] = sfx(les["id"], k)
            les["nummer"] = len(out_l) + 1
            les["titel"] = les["titel"] if k == 0 else f"{les['titel']} ({k})"
            les["begrippen"] = [sfx(b, k) for b in les["begrippen"]]
            for q in les["reflectievragen"]:
                q["id"] = sfx(q["id"], k)
            out_l.append(les)
        for b in begrippen:
            b = copy.deepcopy(b)
            b["id"] = sfx(b["id"], k)
            b["zie_ook"] = [sfx(z, k) for z in b.get("zie_ook", [])]
            out_b.append(b)
        for c in casussen:
            c = copy.deepcopy(c)
            c["id"] = sfx(c["id"], k)
            c["lessen"] = [sfx(x, k) for x in c["lessen"]]
            c["begrippen"] = [sfx(x, k) for x in c.get("begrippen", [])]
            for q in c["vragen"]:
                q["id"] = sfx(q["id"], k)
            out_c.append(c)
    for name, key, items in (("lessen.yaml", "lessen", out_l), ("begrippen.yaml", "begrippen", out_b),
                             ("casussen.yaml", "casussen", out_c)):
        (data_dir / name).write_text(yaml.safe_dump({key: items}, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ----------------------------------------------------------------------------- page weight

class Server:
    def __init__(self, directory: Path, port: int = 0):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                     functools.partial(Quiet, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def weigh(url: str, paths: list[str]) -> dict[str, tuple[int, int]]:
    """Transferred bytes and request count per page, cold cache, after the page has settled."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in paths:
            ctx = browser.new_context()
            page = ctx.new_page()
            sizes: list[int] = []
            page.on("requestfinished", lambda req, sizes=sizes: sizes.append(req.sizes()["responseBodySize"]
                                                                             + req.sizes()["responseHeadersSize"]))
            page.goto(url + path, wait_until="networkidle")
            out[path] = (sum(sizes), len(sizes))
            ctx.close()
        browser.close()
    return out


def stock_project(project: Path) -> str:
    """The same site without our CSS, JavaScript and theme overrides: Material as it comes."""
    cfg = (project / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("  custom_dir: overrides\n", "")
    cfg = re.sub(r"^extra_(css|javascript):\n(  - .*\n)+", "", cfg, flags=re.M)
    (project / "mkdocs-stock.yml").write_text(cfg, encoding="utf-8")
    return "mkdocs-stock.yml"


# ----------------------------------------------------------------------------- main

def pdf_step(site: Path) -> str:
    if not (ROOT / "scripts" / "build_pdf.py").exists():
        return "PDF step: not present"
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "macros", "pdf", str(site)], cwd=ROOT, env=ENV,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        return f"PDF step FAILED after {seconds:.1f} s: {result.stderr[-500:]}"
    pages = []
    for pdf in sorted((site / "downloads").glob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        count = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
        pages.append(f"{pdf.name}: {count} pagina's")
    return f"PDF step: {seconds:.1f} s ({'; '.join(pages)})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1,10,100", help="data set sizes to build (default 1,10,100)")
    args = ap.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    over = []
    with tempfile.TemporaryDirectory(prefix="kln-bench-") as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "project")
        site = tmp / "site"
        seconds = build(project, site)
        n_pages = sum(1 for _ in site.rglob("index.html"))
        print(f"Full build (real content): {seconds:.1f} s for {n_pages} pages")
        print(pdf_step(site))

        stock_cfg = stock_project(project)
        stock = tmp / "stock"
        build(project, stock, config=stock_cfg)
        lesson = "lessen/gezamenlijke-taal/"
        ours_srv, stock_srv = Server(site), Server(stock)
        ours, base = weigh(ours_srv.url, ["", lesson]), weigh(stock_srv.url, ["", lesson])
        ours_srv.stop()
        stock_srv.stop()
        for path in ["", lesson]:
            label = path or "home"
            (ob, oc), (sb, sc) = ours[path], base[path]
            ratio = ob / sb - 1
            print(f"Page weight {label:28} ours {ob / 1024:7.1f} KB in {oc:2} requests; "
                  f"stock Material {sb / 1024:7.1f} KB in {sc:2} requests; {ratio:+.1%}")
        ratio = ours[lesson][0] / base[lesson][0] - 1
        verdict = "OK" if ratio <= 0.10 else "OVER"
        print(f"Budget lesson page <= stock + 10%: {ratio:+.1%} {verdict}")
        if verdict == "OVER":
            over.append("lesson page weight")

        rows = []
        for factor in scales:
            sproject = copy_project(tmp / f"scale{factor}")
            scale_data(sproject / "data", factor)
            ssite = tmp / f"site{factor}"
            secs = build(sproject, ssite)
            pages = sum(1 for _ in ssite.rglob("index.html"))
            page_kb = (ssite / lesson / "index.html").stat().st_size / 1024
            term_kb = (ssite / "begrippen/signaal/index.html").stat().st_size / 1024
            rows.append((factor, secs, pages, page_kb, term_kb))
            print(f"Scale {factor:4}x: {10 * factor:5} lessons, {pages:5} pages, build {secs:6.1f} s "
                  f"({1000 * secs / pages:5.1f} ms/page), lesson page {page_kb:6.1f} KB, term page {term_kb:5.1f} KB")
            shutil.rmtree(ssite)
            shutil.rmtree(sproject)
        f1, s1, p1, k1, t1 = rows[0]
        for factor, secs, pages, kb, tkb in rows[1:]:
            growth = factor / f1
            time_ok = (secs / pages) <= 1.5 * (s1 / p1)
            size_ok = kb <= k1 * growth and tkb <= t1 * growth
            print(f"Budget at {factor}x: time per page {secs / pages * 1000:.1f} ms vs {s1 / p1 * 1000:.1f} ms "
                  f"{'OK' if time_ok else 'OVER'}; lesson page {kb / k1:.2f}x, term page {tkb / t1:.2f}x for "
                  f"{growth:.0f}x data {'OK' if size_ok else 'OVER'}")
            if not (time_ok and size_ok):
                over.append(f"growth at {factor}x")
    print("All budgets met." if not over else "Over budget: " + ", ".join(over))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
