#!/usr/bin/env python3
"""Compares a `newsclean clean` run over zh-cwced's pages with the set's hand-copied metadata
(`meta.date`, `meta.author` in truth.jsonl): a date is right when its year, month and day (as far
as the truth gives them) match; an author when one name contains the other.

    newsclean clean ../shared/bench/zh-cwced/pages -o OUT && python3 benches/zh_cwced_meta.py OUT/manifest.jsonl
"""
import json, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
shared = os.environ.get("NEWSCLEAN_SHARED") or os.path.join(here, "..", "..", "shared")
truth_path = os.path.join(shared, "bench", "zh-cwced", "truth.jsonl")
truth = {}
with open(truth_path, encoding="utf-8") as f:
    for line in f:
        t = json.loads(line)
        truth[t["id"]] = t.get("meta", {})
dates = dates_right = authors = authors_right = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        m = truth[os.path.splitext(os.path.basename(r["source"]))[0]]
        if m.get("date"):
            dates += 1
            want = [int(x) for x in re.findall(r"\d+", m["date"])[:3]]
            got = [int(x) for x in re.findall(r"\d+", r.get("published") or "")[:3]]
            dates_right += got[: len(want)] == want
        if m.get("author"):
            authors += 1
            a, g = m["author"], r.get("author") or ""
            authors_right += bool(g) and (a in g or g in a)
print(f"zh-cwced metadata: dates right {dates_right}/{dates}, authors right {authors_right}/{authors}")
