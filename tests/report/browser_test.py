"""The report in a real browser: headless Chromium driven through ChromeDriver's W3C WebDriver
protocol (a few HTTP calls, standard library only).

    python3 tests/report/browser_test.py --bin target/release/newsclean --screenshot tests/report/report.png

Checks, through the DOM of the rendered page:
- every rule id of the run's manifest is in the rule table;
- a click on a rule lists exactly the documents whose removals name it;
- text from hostile pages (a `<script>` in a text dump, escaped markup in an HTML page, a title
  with an `onerror` image) shows as text and never runs;
- the baseline comparison marks changed documents;
- a 10,000-document report loads, paginates, and stays a reasonable size.
Prints one `N passed, N failed` line and exits 1 on any failure.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

HOSTILE_TEXT = (
    "港珠澳大桥通车五周年客流再创新高\n"
    "记者从港珠澳大桥管理局获悉，大桥通车五年来累计验放出入境旅客超过四千万人次。"
    "<script>window.__pwned = 1; document.title = 'pwned';</script>"
    "<img src=x onerror=\"window.__pwned = 2\">\n"
    "据介绍，今年以来经大桥口岸出入境的客流较去年同期增长近三成，跨境巴士班次也相应加密。必一运动\n"
)
HOSTILE_HTML = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>&lt;img src=x onerror=window.__pwned=4&gt;深圳湾口岸客流创新高</title></head><body>"
    "<article><h1>&lt;img src=x onerror=window.__pwned=4&gt;深圳湾口岸客流创新高</h1>"
    "<p>深圳湾口岸今年累计验放旅客超过两千万人次，同比增长四成，口岸通关效率持续提升。"
    "&lt;script&gt;window.__pwned = 3&lt;/script&gt;</p>"
    "<p>口岸方面表示，将继续优化查验流程，增开旅检通道，方便两地居民往来，推动区域融合发展。</p>"
    "</article></body></html>"
)


class Browser:
    """A WebDriver session on a ChromeDriver child process."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.driver = subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 30
        while True:
            try:
                if self.call("GET", "/status")["ready"]:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.2)
        self.profile = tempfile.mkdtemp(prefix="newsclean-chromium-")
        args = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            f"--user-data-dir={self.profile}", "--window-size=1400,1800",
        ]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        }}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read())["value"]

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def open(self, url):
        self.s("POST", "/url", {"url": url})
        deadline = time.time() + 60
        while self.js("return document.body && document.body.dataset.ready") not in ("true", "error"):
            if time.time() > deadline:
                raise RuntimeError(f"{url} did not render in 60 s")
            time.sleep(0.1)
        return self.js("return document.body.dataset.ready")

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def click(self, css):
        el = self.s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]
        self.s("POST", f"/element/{el}/click", {})

    def screenshot(self, path):
        png = base64.b64decode(self.s("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)

    def close(self):
        try:
            self.s("DELETE", "")
        finally:
            self.driver.terminate()
            self.driver.wait()
            shutil.rmtree(self.profile, ignore_errors=True)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr}")
    return p


def manifest(out):
    with open(os.path.join(out, "manifest.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/newsclean")
    ap.add_argument("--seeds", default="seeds")
    ap.add_argument("--screenshot", help="where to save a screenshot of the seeds' report")
    ap.add_argument("--scale", type=int, default=10_000, help="documents in the scale check")
    args = ap.parse_args()
    bin_ = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="newsclean-report-")
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))

    browser = Browser()
    try:
        inp = os.path.join(work, "in")
        os.makedirs(inp)
        for f in sorted(os.listdir(args.seeds)):
            shutil.copy(os.path.join(args.seeds, f), inp)
        with open(os.path.join(inp, "hostile.txt"), "w", encoding="utf-8") as f:
            f.write(HOSTILE_TEXT)
        with open(os.path.join(inp, "hostile.html"), "w", encoding="utf-8") as f:
            f.write(HOSTILE_HTML)
        out, old = os.path.join(work, "out"), os.path.join(work, "old")
        # The baseline: the same inputs with the text-repair pack switched off by leaving it out.
        packs = [os.path.join("rules", p) for p in ("adult.toml", "chrome.toml", "gambling.toml", "html.toml")]
        base_cmd = [bin_, "clean", inp, "-o", old, "-q", "--no-default-rules"]
        for p in packs:
            base_cmd += ["--rules", p]
        run(base_cmd)
        run([bin_, "clean", inp, "-o", out, "-q"])
        report = os.path.join(work, "report.html")
        run([bin_, "report", out, "-o", report, "--baseline", old])
        records = manifest(out)

        state = browser.open("file://" + report)
        check("the report renders", state == "true", state)
        ids = sorted({r["rule"] for rec in records for r in rec["removals"]})
        shown = browser.js("return Array.from(document.querySelectorAll('#rule-table tr.rule-row')).map(r => r.dataset.id)")
        missing = [i for i in ids if i not in shown]
        check(f"all {len(ids)} rule ids of the manifest are in the rule table", not missing and len(ids) > 10, missing)
        text = browser.js("return document.body.innerText")
        check("every rule id is visible on the page", all(i in text for i in ids))

        rows = browser.js("return document.querySelectorAll('#doc-rows tr').length")
        check("the document list shows every document", rows == len(records), f"{rows} of {len(records)}")
        for rule in ("text.pinyin-gloss", "gambling.brands", "adult.keyword-list"):
            want = sorted(rec["source"] for rec in records if any(r["rule"] == rule for r in rec["removals"]))
            browser.click(f"#rule-table tr.rule-row[data-id='{rule}']")
            got = browser.js("return Array.from(document.querySelectorAll('#doc-rows tr td:first-child')).map(td => td.textContent)")
            label = browser.js("return document.getElementById('filter-label').textContent")
            check(f"a click on {rule} lists its {len(want)} documents", sorted(got) == want and rule in label and 0 < len(want) < len(records), f"{got} vs {want}")
            browser.click("#clear-filter")

        for name in ("hostile.txt", "hostile.html"):
            i = next(i for i, rec in enumerate(records) if rec["source"] == name)
            browser.click(f"#doc-rows tr[data-doc='{i}']")
            view = browser.js("return document.getElementById('doc-view').textContent")
            markup = browser.js("return document.querySelectorAll('#doc-view script, #doc-view img, #doc-view iframe').length")
            literal = "<script>window.__pwned" in view
            check(f"{name}: the page's markup shows as text", literal and markup == 0, view[:300])
        pwned = browser.js("return [typeof window.__pwned, document.title]")
        check("no script from a page ran", pwned[0] == "undefined" and "pwned" not in pwned[1], pwned)
        title_cell = browser.js("return Array.from(document.querySelectorAll('#doc-rows td')).map(t => t.textContent).join('|')")
        check("a title holding markup shows as text", "<img src=x onerror" in title_cell, title_cell[:400])

        changed = browser.js("return Array.from(document.querySelectorAll('#rule-table tr.rule-row')).filter(r => Number(r.dataset.delta) !== 0).map(r => r.dataset.id)")
        check("the baseline shows text.pinyin-gloss as added", "text.pinyin-gloss" in changed, changed)
        browser.click("#changed-only")
        changed_docs = browser.js("return document.querySelectorAll('#doc-rows tr').length")
        check("'changed only' lists the documents the baseline differs on", 0 < changed_docs < len(records), changed_docs)
        browser.click("#changed-only")

        if args.screenshot:
            src = next(i for i, rec in enumerate(records) if rec["source"].startswith("002_"))
            browser.click("#rule-table tr.rule-row[data-id='text.pinyin-gloss']")
            browser.click(f"#doc-rows tr[data-doc='{src}']")
            os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
            browser.js("window.scrollTo(0, 0)")
            browser.screenshot(args.screenshot)
            # The same document's marked text: `report.png` → `report-document.png`.
            browser.js("document.getElementById('doc-table').scrollIntoView()")
            stem, ext = os.path.splitext(args.screenshot)
            browser.screenshot(f"{stem}-document{ext}")

        # Scale: many documents (copies of the seeds) still give a page that loads and pages.
        big_in = os.path.join(work, "big")
        os.makedirs(big_in)
        seeds = sorted(os.listdir(args.seeds))
        for n in range(args.scale):
            name = seeds[n % len(seeds)]
            os.link(os.path.join(args.seeds, name), os.path.join(big_in, f"{n:05d}-{name}"))
        big_out = os.path.join(work, "big-out")
        run([bin_, "clean", big_in, "-o", big_out, "-q"])
        big_report = os.path.join(work, "big.html")
        started = time.time()
        run([bin_, "report", big_out, "-o", big_report])
        built = time.time() - started
        size = os.path.getsize(big_report)
        started = time.time()
        state = browser.open("file://" + big_report)
        loaded = time.time() - started
        rows = browser.js("return document.querySelectorAll('#doc-rows tr').length")
        info = browser.js("return document.getElementById('page-info').textContent")
        check(
            f"{args.scale} documents: report {size / 1e6:.1f} MB built in {built:.1f} s, rendered in {loaded:.1f} s, 50 rows a page",
            state == "true" and rows == 50 and f"{args.scale} documents" in info and size < 40e6 and loaded < 30,
            f"{state} {rows} {info}",
        )
    finally:
        browser.close()
        shutil.rmtree(work, ignore_errors=True)
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
