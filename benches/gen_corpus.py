#!/usr/bin/env python3
"""Writes a benchmark corpus made from the seeds: text dumps (and optionally HTML pages) whose
paragraphs are the seeds' lines shuffled between documents, in varied encodings.

    python3 benches/gen_corpus.py OUT --mb 150 [--html-share 0.0] [--seed 7] [--seeds seeds]

Each document takes a seed's title line, then 20–60 lines drawn from all seeds (prose, spam
lines, chrome and conversion damage alike, so every rule gets work), and is written as UTF-8,
UTF-8 with BOM, GB18030, Big5 (when every char fits) or UTF-16LE with BOM. HTML pages wrap the
same lines in a news page with a nav bar, a hidden keyword block, a footer and a `<meta
charset>` that tells the truth. The same arguments always write the same bytes.
"""

import argparse
import html
import os
import random

ENCODINGS = [("utf-8", 0.45), ("utf-8-sig", 0.1), ("gb18030", 0.25), ("big5", 0.1), ("utf-16", 0.1)]


def pick_encoding(rng):
    x, acc = rng.random(), 0.0
    for name, share in ENCODINGS:
        acc += share
        if x < acc:
            return name
    return "utf-8"


def encode(text, enc):
    try:
        return text.encode(enc), enc
    except UnicodeEncodeError:
        return text.encode("utf-8"), "utf-8"


def page(title, lines, enc, rng):
    label = {"utf-8-sig": "utf-8", "utf-16": "utf-16"}.get(enc, enc)
    body = "\n".join(f"<p>{html.escape(l)}</p>" for l in lines)
    hidden = html.escape(" ".join(rng.sample(lines, min(3, len(lines)))))
    return (
        f"<!DOCTYPE html><html><head><meta charset=\"{label}\"><title>{html.escape(title)}_新闻中心</title>"
        f"<meta property=\"og:site_name\" content=\"新闻中心\"></head><body>"
        f"<div class=\"nav\"><a href=\"/\">首页</a> | <a href=\"/news\">新闻</a> | <a href=\"/sports\">体育</a></div>"
        f"<div class=\"article\"><h1>{html.escape(title)}</h1>{body}"
        f"<div style=\"display:none\">{hidden}</div></div>"
        f"<div class=\"footer\">版权所有 © 新闻中心 未经授权禁止转载</div></body></html>"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=150.0, help="total size to write, in MB")
    ap.add_argument("--html-share", type=float, default=0.0, help="share of documents written as HTML")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seeds", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    seeds = []
    for name in sorted(os.listdir(args.seeds)):
        with open(os.path.join(args.seeds, name), encoding="utf-8", errors="replace") as f:
            lines = [l.rstrip("\n") for l in f]
        seeds.append([l for l in lines if l.strip()])
    pool = [l for s in seeds for l in s[1:]]
    os.makedirs(args.out, exist_ok=True)
    target = int(args.mb * 1e6)
    written = n = 0
    while written < target:
        seed = seeds[n % len(seeds)]
        lines = rng.sample(pool, rng.randint(20, min(60, len(pool))))
        enc = pick_encoding(rng)
        if rng.random() < args.html_share:
            data, _ = encode(page(seed[0], lines, enc, rng), enc)
            name = f"{n // 1000:04d}/{n:07d}.html"
        else:
            data, _ = encode("\n".join([seed[0], *lines]) + "\n", enc)
            name = f"{n // 1000:04d}/{n:07d}.txt"
        path = os.path.join(args.out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        written += len(data)
        n += 1
    print(f"gen_corpus: {n} documents, {written / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
