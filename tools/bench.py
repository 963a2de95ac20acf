"""Performance benchmark (`make bench`): build time, PDF time, page weight, and how they grow.

Reports, for the real content:
- the full site build time and the PDF step time (with page counts);
- bytes on the wire for a lesson page on a first visit and for the next lesson page (warm cache), in
  Chromium, behind deploy/nginx.conf as shipped (tools/nginx.py; .gz copies and security headers as
  `make site` writes them), side by side with a "stock" build of the same pages without our CSS,
  JavaScript and theme overrides, served the same way;
and for synthetic data sets 10x and 100x larger (copies of every lesson, term and vignette, generated
into a temporary copy of the project): build time, time per page and the size of a lesson page.

Budgets (printed as OK / OVER): first visit of a lesson page <= 150 KB, the next lesson page <= 30 KB;
at 100x data at most 20 ms build time per page, and a lesson page at most 2x its size at 1x.
Lighthouse (tools/lighthouse, 13.5.0, mobile preset, median of 3 runs): performance >= 95 and
accessibility, best practices and SEO 100 on home, a lesson and the glossary, next to stock Material.
This is a benchmark, not a test: it prints figures, and exits 1 only when a budget is over.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from tools.nginx import Nginx
from tools.project import copy_project

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]



def build(project: Path, out: Path, site_url: str | None = None, config: str = "mkdocs.yml",
          timing: Path | None = None) -> float:
    """Build time in seconds; with ``timing``, tools/page_timing.py writes the time per kind of page there."""
    env = {**ENV, **({"KLN_SITE_URL": site_url} if site_url else {})}
    if timing is not None:
        with open(project / config, "a", encoding="utf-8") as f:
            f.write(f"\nhooks:\n  - {ROOT / 'tools' / 'page_timing.py'}\n")
        env["KLN_PAGE_TIMING"] = str(timing)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "--site-dir", str(out)],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{(result.stderr + result.stdout)[-3000:]}")
    return time.perf_counter() - start


# ----------------------------------------------------------------------------- synthetic data

def _numbered(name: str, k: int) -> str:
    """The name of copy ``k`` of a term: its first word gets the number ('Zorg- en Veiligheidshuis' becomes
    'Zorg-7 en Veiligheidshuis'), so that every copy has names of its own, as distinct terms would."""
    return re.sub(r"[\w-]+", lambda m: f"{m.group(0)}{k}", name, count=1)


def scale_data(data_dir: Path, factor: int) -> None:
    """Replace the data with `factor` copies of every lesson, term and vignette (ids, titles and term names
    made unique)."""
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
            for q in les["reflectievragen"] + les["kennischeck"]:
                q["id"] = sfx(q["id"], k)
            out_l.append(les)
        for b in begrippen:
            b = copy.deepcopy(b)
            b["id"] = sfx(b["id"], k)
            if k:  # a name belongs to one term (content/crosscheck.py): 'Beroepsgeheim7', 'Zorg-7 en ...'
                for key in ("term", "afkorting"):
                    if key in b:
                        b[key] = _numbered(b[key], k)
                b["vormen"] = [_numbered(v, k) for v in b.get("vormen", [])]
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
    # The trainer's kit: every vignette (and so every copy) has its key.
    kit = load("begeleiders.yaml")
    keys = kit["begeleiders"]["sleutels"]
    kit["begeleiders"]["sleutels"] = [{**copy.deepcopy(key), "casus": sfx(key["casus"], k)}
                                      for k in range(factor) for key in keys]
    (data_dir / "begeleiders.yaml").write_text(yaml.safe_dump(kit, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")
    for name, key, items in (("lessen.yaml", "lessen", out_l), ("begrippen.yaml", "begrippen", out_b),
                             ("casussen.yaml", "casussen", out_c)):
        (data_dir / name).write_text(yaml.safe_dump({key: items}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def page_times(sums: dict[str, dict[str, float]], secs: float) -> str:
    """Where a scaled build spends its time (tools/page_timing.py): per kind of page, ms per page for the
    macros, Markdown, the search plugin and the template; and what the rest of the build takes."""
    lines, spent = [], 0.0
    for kind, s in sorted(sums.items(), key=lambda kv: -kv[1]["pages"]):
        n = s["pages"]
        spent += s["macros"] + s["markdown"] + s["search"] + s["template"]
        lines.append(f"    {kind:12} {n:5} pages: macros {1000 * s['macros'] / n:5.1f}, Markdown "
                     f"{1000 * s['markdown'] / n:5.1f}, search {1000 * s['search'] / n:5.1f}, "
                     f"template {1000 * s['template'] / n:5.1f} ms/page")
    lines.append(f"    rest of the build (data, navigation, theme files, search index): {secs - spent:.1f} s")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- page weight

def weigh(url: str, first: str, then: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Bytes on the wire (compressed, headers included) and requests: ``first`` on a first visit (empty
    cache), then ``then`` in the same browser, as a learner goes on to the next lesson."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = browser.new_context()
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        sizes: list[int] = []
        cdp.on("Network.loadingFinished", lambda e: sizes.append(int(e["encodedDataLength"])))
        out = []
        for path in (first, then):
            sizes.clear()
            page.goto(url + path, wait_until="networkidle")
            out.append((sum(sizes), sum(1 for s in sizes if s > 0)))
        browser.close()
    return out[0], out[1]


# Lighthouse's mobile profile (its defaults for "mobile"): a Moto G Power screen, 4x CPU slowdown,
# and slow 4G (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up).
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
         "has_touch": True}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8 * 0.9,
           "uploadThroughput": 750e3 / 8 * 0.9}
# Queries with the page a learner looks for (a few of tests/test_search.py's).
SEARCH_QUERIES = (("ZVH", "begrippen/zorg-en-veiligheidshuis/"), ("beroepsgeheim", "begrippen/beroepsgeheim/"),
                  ("Lucas", "casussen/zorgen-op-school/"), ("gezamenlijke taal", "lessen/gezamenlijke-taal/"),
                  ("112", "hulp-en-advies/"))
KEY_DELAY_MS = 150   # a quick typist on a phone


def search_on_a_phone(url: str, page_path: str, queries=SEARCH_QUERIES) -> list[float]:
    """Seconds from the last keystroke until search shows the page looked for (first or second), on a
    phone profile in Chromium behind nginx. The page is freshly loaded with an empty cache; the learner
    taps the search field (the index starts loading then: assets/zoeken-later.js) and types the first
    query at once, so the first time includes what is left of loading the index."""
    from playwright.sync_api import sync_playwright

    found = """([path]) => [...document.querySelectorAll('.md-search-result__item > a')].slice(0, 2)
                           .some(a => new URL(a.href).pathname.endsWith('/' + path))"""
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = browser.new_context(**PHONE)
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(url + page_path, wait_until="networkidle")
        page.locator("label.md-header__button[for=__search]").tap()
        box = page.locator(".md-search__input")
        box.wait_for(state="visible")
        for query, path in queries:
            box.fill("")
            box.press_sequentially(query, delay=KEY_DELAY_MS)
            start = time.perf_counter()
            page.wait_for_function(found, arg=[path], timeout=30_000)
            times.append(time.perf_counter() - start)
        browser.close()
    return times


LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url: str, runs: int = 3) -> dict[str, int]:
    """Lighthouse's mobile scores for one page: the median of ``runs`` runs per category."""
    import json
    import statistics

    scores: dict[str, list[int]] = {c: [] for c in CATEGORIES}
    for _ in range(runs):
        for attempt in range(3):   # Lighthouse now and then fails to record a trace (NO_NAVSTART): try again
            result = subprocess.run([str(LIGHTHOUSE), url, "--output=json", "--quiet",
                                     "--only-categories=" + ",".join(CATEGORIES),
                                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                                    capture_output=True, text=True, timeout=300, env={**ENV, "CHROME_PATH": CHROMIUM})
            if result.returncode == 0:
                break
            print(f"Lighthouse failed for {url} (attempt {attempt + 1} of 3): {result.stderr.strip()[-300:]}")
        else:
            raise SystemExit(f"Lighthouse failed three times for {url}:\n{result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        for c in CATEGORIES:
            scores[c].append(round(100 * report["categories"][c]["score"]))
    return {c: int(statistics.median(v)) for c, v in scores.items()}


def serve_like_production(site: Path, work: Path):
    """``site`` as `make site` leaves it (.gz copies, security headers) behind deploy/nginx.conf."""
    from macros.publish import compress, headers

    compress.compress_site(site)
    conf = work / "kln-security-headers.conf"
    headers.write(site, conf)
    return Nginx(site, conf, work / "nginx")


def stock_project(project: Path) -> str:
    """The same site without our CSS, JavaScript and theme overrides: Material as it comes."""
    cfg = (project / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("  custom_dir: overrides\n", "")
    cfg = re.sub(r"^extra_(css|javascript):\n(  - .*\n)+", "", cfg, flags=re.M)
    (project / "mkdocs-stock.yml").write_text(cfg, encoding="utf-8")
    return "mkdocs-stock.yml"


# ----------------------------------------------------------------------------- main

def pdf_step(site: Path) -> str:
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
        project = copy_project(tmp / "project", ROOT / "data")
        site = tmp / "site"
        seconds = build(project, site)
        n_pages = sum(1 for _ in site.rglob("index.html"))
        print(f"Full build (real content): {seconds:.1f} s for {n_pages} pages")
        print(pdf_step(site))

        stock_cfg = stock_project(project)
        stock = tmp / "stock"
        build(project, stock, config=stock_cfg)
        lesson, next_lesson = "lessen/gezamenlijke-taal/", "lessen/leren-van-elkaar/"
        ours_srv = serve_like_production(site, tmp / "ours-nginx")
        stock_srv = serve_like_production(stock, tmp / "stock-nginx")
        audited = {}
        try:
            ours = weigh(ours_srv.url, lesson, next_lesson)
            base = weigh(stock_srv.url, lesson, next_lesson)
            search = search_on_a_phone(ours_srv.url, lesson), search_on_a_phone(stock_srv.url, lesson)
            if LIGHTHOUSE.exists():
                for path in ["", lesson, "begrippen/"]:
                    audited[path] = (lighthouse(ours_srv.url + path), lighthouse(stock_srv.url + path))
        finally:
            ours_srv.stop()
            stock_srv.stop()
        if not audited:
            print(f"Lighthouse: not installed ({LIGHTHOUSE}); `make bench` installs it")
            over.append("Lighthouse not run")
        for path, (o, b) in audited.items():
            label = path or "home"
            print(f"Lighthouse mobile (median of 3) {label:26} ours " + " ".join(f"{c} {o[c]}" for c in CATEGORIES)
                  + "; stock Material " + " ".join(f"{c} {b[c]}" for c in CATEGORIES))
            ok = o["performance"] >= 95 and all(o[c] == 100 for c in CATEGORIES[1:])
            print(f"Budget Lighthouse {label}: {'OK' if ok else 'OVER'}")
            if not ok:
                over.append(f"Lighthouse {label}")
        ours_s, stock_s = search
        print(f"Search on a phone profile (4x CPU slowdown, slow 4G; {len(ours_s)} queries typed at "
              f"{KEY_DELAY_MS} ms a key), seconds from the last key until the page looked for shows: ours "
              + " ".join(f"{t:.2f}" for t in ours_s) + "; stock Material " + " ".join(f"{t:.2f}" for t in stock_s)
              + " (the first query includes loading the index: ours loads it when search opens)")
        verdict = "OK" if max(ours_s) <= 1.0 else "OVER"
        print(f"Budget search answers within 1 s on a phone: {max(ours_s):.2f} s {verdict}")
        if verdict == "OVER":
            over.append("search on a phone")
        print("Behind deploy/nginx.conf (gzip_static, cache headers), bytes on the wire:")
        for i, label in enumerate(["lesson page, first visit", "next lesson page"]):
            (ob, oc), (sb, sc) = ours[i], base[i]
            print(f"  {label:26} ours {ob / 1024:6.1f} KB in {oc:2} requests; "
                  f"stock Material {sb / 1024:6.1f} KB in {sc:2} requests")
        for (label, value, budget) in [("first visit", ours[0][0], 150), ("next lesson", ours[1][0], 30)]:
            verdict = "OK" if value / 1024 <= budget else "OVER"
            print(f"Budget {label} <= {budget} KB: {value / 1024:.1f} KB {verdict}")
            if verdict == "OVER":
                over.append(f"{label} weight")

        rows = []
        for factor in scales:
            sproject = copy_project(tmp / f"scale{factor}", ROOT / "data")
            scale_data(sproject / "data", factor)
            ssite = tmp / f"site{factor}"
            secs = build(sproject, ssite, timing=tmp / f"timing{factor}.json")
            pages = sum(1 for _ in ssite.rglob("index.html"))
            page_kb = (ssite / lesson / "index.html").stat().st_size / 1024
            term_kb = (ssite / "begrippen/signaal/index.html").stat().st_size / 1024
            rows.append((factor, secs, pages, page_kb, term_kb))
            print(f"Scale {factor:4}x: {10 * factor:5} lessons, {pages:5} pages, build {secs:6.1f} s "
                  f"({1000 * secs / pages:5.1f} ms/page), lesson page {page_kb:6.1f} KB, term page {term_kb:5.1f} KB")
            print(page_times(json.loads((tmp / f"timing{factor}.json").read_text(encoding="utf-8")), secs))
            shutil.rmtree(ssite)
            shutil.rmtree(sproject)
        f1, s1, p1, k1, t1 = rows[0]
        for factor, secs, pages, kb, tkb in rows[1:]:
            ms = 1000 * secs / pages
            time_ok = factor < 100 or ms <= 20
            size_ok = factor < 100 or kb <= 2 * k1
            print(f"Budget at {factor}x: {ms:.1f} ms per page (1x: {1000 * s1 / p1:.1f} ms) "
                  f"{'OK' if time_ok else 'OVER'}; lesson page {kb / k1:.2f}x, term page {tkb / t1:.2f}x the 1x size "
                  f"{'OK' if size_ok else 'OVER'}")
            if not (time_ok and size_ok):
                over.append(f"growth at {factor}x")
    print("All budgets met." if not over else "Over budget: " + ", ".join(over))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
