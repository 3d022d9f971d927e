#!/usr/bin/env python3
"""Builds a set of polluted Chinese news pages from real article text, with truth, to see how the
HTML path does on pages it was never tuned on: every hand-cleaned zh-cwced body is wrapped in one
of three page layouts (portal, old table layout, HTML5), in one of six encodings and charset
declarations (true, missing, false, UTF-16 with a BOM), with a title hijacked by casino brands and the brand glued
to paragraph starts and clause ends,
keyword blocks hidden by markup (also inside a sentence), a visible link farm, ad iframes, a
comment section written in real prose (other articles' sentences), related links, breadcrumbs,
share bars, hotlines and copyright footers. The brands are not in the default rule lists.

    python3 benches/zh_pages.py OUT            # writes OUT/pages/*.html and OUT/truth.jsonl
    python3 ../shared/bench/score.py OUT --batch-cmd 'python3 benches/newsclean_batch.py {pagesdir} {outdir}'

truth.jsonl has score.py's snippet format (`with`, `without`) plus `meta.title` and `meta.date`;
`python3 benches/zh_pages.py OUT --check MANIFEST` compares a run's titles and dates with it.
"""
import html
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("NEWSCLEAN_SHARED") or os.path.join(HERE, "..", "..", "shared")
BRANDS = ["金沙娱乐城", "威尼斯人娱乐", "永利皇宫娱乐", "澳门银河娱乐", "皇冠体育", "沙巴体育", "凯发娱乐", "博天堂娱乐"]
ENCODINGS = [  # (codec, declared charset or None, bom)
    ("utf-8", "utf-8", b""),
    ("gbk", "gb2312", b""),
    ("gbk", None, b""),
    ("utf-8", "gbk", b""),  # a false declaration: the bytes are UTF-8
    ("utf-16-le", "utf-16", b"\xff\xfe"),
    ("gb18030", "gb18030", b""),
]


def load_bodies():
    bodies = []
    with open(os.path.join(SHARED, "bench", "zh-cwced", "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            lines = [l.strip() for l in t["body"].split("\n") if len(l.strip()) >= 12]
            if sum(len(l) for l in lines) >= 300:
                bodies.append((t["id"], lines))
    return bodies


def lexicon(name, n, rng):
    path = os.path.join(SHARED, "lexicons", name)
    with open(path, encoding="utf-8") as f:
        words = [w.strip() for w in f if 3 <= len(w.strip()) <= 6]
    return rng.sample(words, n)


def sentences(lines):
    return [s for l in lines for s in re.split(r"(?<=[。！？])", l) if len(s) >= 20]


def title_of(lines):
    first = re.split(r"[，。！？：；,]", lines[0])[0]
    return first[:28] if len(first) >= 8 else lines[0][:20]


def snippet(line, rng, n=12):
    if len(line) <= n:
        return line
    start = rng.randrange(0, len(line) - n)
    return line[start : start + n]


def page(i, lines, others, rng):
    title = title_of(lines)
    date = f"{2019 + i % 5}-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}"
    hh, mm = 8 + i % 12, (i * 13) % 60
    brand, brand2 = rng.sample(BRANDS, 2)
    hidden_words = lexicon("adult-zh.houbb-sensitive-word.txt", 12, rng)
    farm_words = lexicon("adult-zh.houbb-sensitive-word-tags.txt", 24, rng)
    comments = [s[:120] for s in rng.sample(sentences(others[0]), min(4, len(sentences(others[0]))))]
    related = [title_of(o) for o in others[1:6]]
    author = rng.choice(["张晓明", "李文静", "王建国", "陈思远"])
    outlet = rng.choice(["南方日报", "华夏时报", "东方早报", "西部商报"])

    # The first line may be the headline itself (metadata, not body text): snippets start after it.
    with_ = [snippet(lines[min(1, len(lines) - 1)], rng), snippet(lines[len(lines) // 2], rng), snippet(lines[-1], rng)]
    without = [brand, brand2, hidden_words[0], hidden_words[5], farm_words[0], farm_words[7],
               comments[0][:14] if comments else "网友评论", related[0][:10], "新闻热线", "版权所有", "分享到"]

    paras = [html.escape(l) for l in lines]
    # A keyword run hidden inside a sentence, and one injected brand at a paragraph start.
    k = len(paras) // 2
    cut = len(paras[k]) // 2
    paras[k] = paras[k][:cut] + f'<span style="font-size:0">{"".join(hidden_words[:3])}</span>' + paras[k][cut:]
    # The brand glued to paragraph starts and before clause ends, as SEO injectors do.
    for j in range(1, len(paras), max(1, len(paras) // 3)):
        paras[j] = brand + paras[j]
    for j in range(0, len(paras), max(1, len(paras) // 2)):
        paras[j] = paras[j].replace("，", brand + "，", 1)
    body_html = "".join(f"<p>{p}</p>" for p in paras)
    hidden_block = f'<div style="display:none">{"，".join(hidden_words[3:])}</div>'
    farm = " ".join(f'<a href="/t/{j}.html">{w}</a>' for j, w in enumerate(farm_words))
    nav = " ".join(f'<a href="/{j}/">{w}</a>' for j, w in enumerate(["首页", "新闻", "国内", "国际", "财经", "体育", "娱乐", "科技"]))
    rel = "".join(f'<li><a href="/n/{j}.html">{html.escape(r)}</a></li>' for j, r in enumerate(related))
    com = "".join(f'<div class="comment-item"><span class="user">网友{j}</span><p>{html.escape(c)}</p></div>' for j, c in enumerate(comments))
    share = '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>'
    info = f"{date} {hh:02d}:{mm:02d} 来源：{outlet} 作者：{author}"
    foot = f"版权所有 2024 {outlet}网 新闻热线：010-6{i:03d}8888 京ICP备{10000 + i}号"
    ad = '<iframe src="https://ads.example.com/b.html" width="300" height="250"></iframe><ins class="adsbygoogle"></ins>'
    head_title = f"{brand}官网-{brand2}-{html.escape(title)}"

    layout = i % 3
    if layout == 0:  # a portal page
        inner = f"""<div id="header"><div class="logo">{outlet}网</div><div class="nav">{nav}</div></div>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/news/">新闻</a> &gt; 正文</div>
<div class="main"><div class="left"><h1>{html.escape(title)}</h1><div class="info">{info}</div>
<div id="artibody" class="article-content">{body_html}{hidden_block}</div>{share}
<div class="related"><h3>相关新闻</h3><ul>{rel}</ul></div>
<div id="comments"><h3>网友评论</h3>{com}</div></div>
<div class="right"><div class="ad">{ad}</div><div class="hot"><h3>热点推荐</h3><ul>{rel}</ul></div></div></div>
<div id="footer"><div class="links">{farm}</div><p>{foot}</p></div>"""
    elif layout == 1:  # an old table layout, paragraphs as <br> runs in a cell
        brs = "<br><br>".join(paras)
        inner = f"""<table width="960"><tr><td colspan="2">{nav}</td></tr>
<tr><td width="660" valign="top"><font size="4"><b>{html.escape(title)}</b></font><br><font color="#666">{info}</font><br>
<font size="3">{brs}</font>{hidden_block}<br>{share}<br><b>相关文章：</b><br>{"<br>".join(f'<a href="/n/{j}.html">{html.escape(r)}</a>' for j, r in enumerate(related))}
<br><b>网友评论：</b><br>{"<br>".join(f"网友{j}：{html.escape(c)}" for j, c in enumerate(comments))}</td>
<td width="300" valign="top">{ad}<br>{farm}</td></tr>
<tr><td colspan="2" align="center">{foot}</td></tr></table>"""
    else:  # HTML5
        inner = f"""<header><nav>{nav}</nav></header><main><article><h1>{html.escape(title)}</h1>
<p class="meta">{info}</p><section class="content">{body_html}</section>{hidden_block}</article>
<aside>{ad}<h3>相关阅读</h3><ul>{rel}</ul></aside>
<section class="comments"><h3>评论</h3>{com}</section></main>{share}
<footer><div class="friend-links">{farm}</div><p>{foot}</p></footer>"""

    codec, declared, bom = ENCODINGS[i % len(ENCODINGS)]
    meta = f'<meta charset="{declared}">' if declared else ""
    doc = f"<!DOCTYPE html><html><head>{meta}<title>{head_title}</title></head><body>{inner}</body></html>"
    try:
        data = bom + doc.encode(codec)
    except UnicodeEncodeError:  # a character the legacy encoding lacks: UTF-8, declared
        doc = doc.replace("<head>" + meta, '<head><meta charset="utf-8">', 1)
        codec, data = "utf-8", doc.encode("utf-8")
    truth = {"with": with_, "without": without, "meta": {"title": title, "date": date, "author": author, "encoding": codec}}
    return data, truth


def build(out):
    rng = random.Random(20261201)
    bodies = load_bodies()
    os.makedirs(os.path.join(out, "pages"), exist_ok=True)
    with open(os.path.join(out, "truth.jsonl"), "w", encoding="utf-8") as t:
        for i, (bid, lines) in enumerate(bodies):
            others = [bodies[(i + k) % len(bodies)][1] for k in range(1, 7)]
            data, truth = page(i, lines, others, rng)
            pid = f"zh{i:03d}-{bid[:8]}"
            with open(os.path.join(out, "pages", pid + ".html"), "wb") as f:
                f.write(data)
            t.write(json.dumps({"id": pid, "file": f"pages/{pid}.html", **truth}, ensure_ascii=False) + "\n")
    print(f"{len(bodies)} pages in {out}")


def check(out, manifest):
    truth = {}
    with open(os.path.join(out, "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            truth[t["id"]] = t["meta"]
    n = titles = dates = authors = 0
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            pid = os.path.splitext(os.path.basename(r["source"]))[0]
            m = truth[pid]
            n += 1
            titles += r.get("title") == m["title"]
            dates += (r.get("published") or "")[:10] == m["date"]
            authors += r.get("author") == m["author"]
            if r.get("title") != m["title"] or (r.get("published") or "")[:10] != m["date"]:
                print(f"  {pid}: title {r.get('title')!r} (want {m['title']!r}), date {r.get('published')!r} (want {m['date']})")
    print(f"titles {titles}/{n}, dates {dates}/{n}, authors {authors}/{n}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[2] == "--check":
        check(sys.argv[1], sys.argv[3])
    elif len(sys.argv) == 2:
        build(sys.argv[1])
    else:
        sys.exit(__doc__)
