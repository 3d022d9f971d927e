#!/usr/bin/env python3
"""How much clean prose the default rules remove.

Writes the hand-cleaned article bodies of a benchmark's truth file (zh-cwced by default: `body`
fields, no page chrome) as text dumps, runs `newsclean clean` on them, and prints the share of
characters removed overall and per rule, plus the removed snippets. Exits 1 when the share is
at or above --max (default 0.5 %).

    python3 benches/false_positives.py [TRUTH.jsonl] [--bin target/release/newsclean] [--max 0.5]
"""
import argparse, collections, json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
default_truth = os.path.join(here, "..", "..", "shared", "bench", "zh-cwced", "truth.jsonl")

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("truth", nargs="?", default=default_truth)
ap.add_argument("--bin", default=os.path.join(here, "..", "target", "release", "newsclean"))
ap.add_argument("--max", type=float, default=0.5, help="largest acceptable share removed, in percent")
ap.add_argument("--show", type=int, default=20, help="how many removed snippets to print")
ap.add_argument("--apart", action="append", default=[], metavar="RULE",
                help="a rule whose removals are printed with their own share and held to --max-apart, "
                     "not counted in the share held to --max (may repeat)")
ap.add_argument("--max-apart", type=float, default=0.5, help="largest acceptable share of each --apart rule")
a = ap.parse_args()

with tempfile.TemporaryDirectory() as tmp:
    src, out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
    os.makedirs(src)
    n = 0
    with open(a.truth, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            body = rec.get("body")
            if body:
                with open(os.path.join(src, rec["id"] + ".txt"), "w", encoding="utf-8") as o:
                    o.write(body)
                n += 1
    run = subprocess.run([a.bin, "clean", src, "-o", out, "--quiet"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"newsclean exited {run.returncode}: {run.stderr[-2000:]}")
    total = removed = 0
    per_rule = collections.Counter()
    samples = []
    with open(os.path.join(out, "manifest.jsonl"), encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            total += rec["chars_in"] or 0
            for r in rec["removals"]:
                k = len(r["text"])
                removed += k if r["rule"] not in a.apart else 0
                per_rule[r["rule"]] += k
                samples.append((rec["source"], r["rule"], r["text"].strip()[:60]))

share = 100.0 * removed / max(total, 1)
apart = " (" + ", ".join(a.apart) + " apart)" if a.apart else ""
print(f"{n} bodies, {total} chars, {removed} removed ({share:.3f} %){apart}")
over = []
for rule in a.apart:
    s = 100.0 * per_rule[rule] / max(total, 1)
    print(f"  {rule}: {per_rule[rule]} chars removed ({s:.3f} %, at most {a.max_apart} %)")
    if s > a.max_apart:
        over.append(rule)
for rule, k in per_rule.most_common():
    print(f"  {rule:<28} {k:>7} chars")
for s in samples[: a.show]:
    print("  removed:", *s)
sys.exit(0 if share < a.max and not over else 1)
