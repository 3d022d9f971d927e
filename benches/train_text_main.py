#!/usr/bin/env python3
"""Fits the weights of the `text.main-content` rule (kind `text-main-content`) on the whole-page
text dumps of ../shared/bench/dumps/, whose truth labels every dump line for free: a line is
article when it is in the truth body (or holds a `with` snippet), chrome when it is not (or holds
a `without` snippet). The features are newsclean's own (`newsclean rules features`), so the fit
and the tool never disagree on what a feature is.

    benches/train_text_main.py --write rules/dumps.toml      the shipped rule, fitted on every page
    benches/train_text_main.py --folds DIR                  one rule per fold, each fitted on the
                                                            other folds' pages (benches/dumps.sh)

Folds: every page goes to fold md5(set family + page id) mod 5, the same fold for both converters'
dumps of a page, so no page is ever scored by weights fitted on any dump of it.
Logistic regression (L2, Newton steps, each page's lines weighing as much in all as any other
page's), then `switch_cost` and a shift of `bias` chosen on the training pages by the F1 of the
kept chars, through the same two-state best path the rule takes.
Needs numpy (benches/dumps.sh runs it in target/bench-venv)."""
import argparse, hashlib, json, os, re, subprocess, sys, tempfile
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SETS = ["zh-cwced.inscriptis", "zh-cwced.html-text", "article-benchmark.inscriptis",
        "article-benchmark.html-text", "extraction-eval.inscriptis"]
# The articles alone (the truth bodies of the sets that have them), every line article: what the
# rule must leave whole when a clean text comes in. Each in the fold of its page's dumps.
CLEAN = ["zh-cwced", "article-benchmark"]
# What an article alone weighs in the fit against one page's dump (1: held-out removal 7.2 % of
# zh-cwced bodies, 2.5 % of article-benchmark; 3: 5.7 %, 2.0 %; 6: 5.3 %, 1.6 %, dumps -0.003).
CLEAN_WEIGHT = 3.0
FOLDS = 5
SHINGLE = 6  # chars of the shingles a line is found in the truth body by
KEEP_PROSE_CHARS = 60  # the rule's default
L2 = 1.0
SWITCH_COSTS = [0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0]
BIAS_SHIFTS = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]
LEXICONS = """stop_words_files = [{stop}]
chrome_terms_file = "{lex}/chrome-words.txt\""""


# A page's menu, log-in bar, related list and footer around a three-paragraph story: the rule
# keeps the headline and the story (the dateline goes with the chrome; its date is still read).
# The story alone, with a subheading, is kept whole. The fitted weights must pass it (`newsclean rules test`).
EXAMPLE = '''
[[rule.example]]
input = """首页 | 新闻 | 体育 | 财经 | 科技 | 汽车
登录 | 注册
市区新建三座公园本周开放
2024年5月6日 来源：本报
本周六起，市区新建的三座公园将向市民免费开放，开放时间为每天早上六点到晚上十点，园内设有步道、儿童游乐区和健身设施。
市园林局负责人介绍，三座公园总面积约四十公顷，种植乔木一万余株，其中一座公园由废弃厂区改造而成，保留了部分工业遗存。
为方便市民出行，公交公司将在公园周边新增两条线路，并在节假日加密班次；园区周边还新建了三个停车场。
相关阅读
· 老城区改造计划公布
· 夏季用电高峰将至
· 地铁五号线试运行
版权所有 © 2024 本报 联系我们"""
output = """市区新建三座公园本周开放
本周六起，市区新建的三座公园将向市民免费开放，开放时间为每天早上六点到晚上十点，园内设有步道、儿童游乐区和健身设施。
市园林局负责人介绍，三座公园总面积约四十公顷，种植乔木一万余株，其中一座公园由废弃厂区改造而成，保留了部分工业遗存。
为方便市民出行，公交公司将在公园周边新增两条线路，并在节假日加密班次；园区周边还新建了三个停车场。"""
published = "2024-05-06"

[[rule.example]]
input = """市区新建三座公园本周开放
本周六起，市区新建的三座公园将向市民免费开放，开放时间为每天早上六点到晚上十点。
公园设施
园内设有步道、儿童游乐区和健身设施，其中一座公园由废弃厂区改造而成，保留了部分工业遗存。
为方便市民出行，公交公司将在公园周边新增两条线路，并在节假日加密班次。"""
keep = true
'''


def squash(s):
    return "".join(c for c in s.lower() if c.isalnum())


def in_body(s, body, shingles):
    """Whether most of line `s` (squashed) is text of the truth `body`: a line that joins the
    article's last sentence to a share bar is still article."""
    if len(s) < 2 * SHINGLE:
        return bool(s) and s in body
    grams = [s[i:i + SHINGLE] for i in range(len(s) - SHINGLE + 1)]
    return sum(g in shingles for g in grams) >= 0.5 * len(grams)


def family(dump_set):
    """`zh-cwced` for its dumps (`zh-cwced.inscriptis`) and its articles (`clean-zh-cwced`)."""
    return dump_set.split(".")[0].removeprefix("clean-")


def fold_of(dump_set, page_id):
    return int(hashlib.md5(f"{family(dump_set)}/{page_id}".encode()).hexdigest(), 16) % FOLDS


def stop_files(lex):
    folder = os.path.join(ROOT, "rules", "lexicons", "stopwords")
    return ", ".join(f'"{lex}/stopwords/{n}"' for n in sorted(os.listdir(folder)))


def rule_toml(weights, bias, switch_cost, note, dest_dir):
    """The rule, to be written into `dest_dir` (its lexicon paths are relative to it)."""
    lex = os.path.relpath(os.path.join(ROOT, "rules", "lexicons"), dest_dir)
    body = ", ".join(f"{k} = {v:.4f}" for k, v in weights.items())
    return f'''# Written by benches/train_text_main.py ({note}); do not edit by hand: run it again.

[[rule]]
id = "text.main-content"
doc = """The article of a whole-page text dump: lines scored on what a text still shows of their
role (size, sentence marks, stop words, runs of short items, chrome words, position, the lines
around them) by weights fitted on labelled dumps, then decided in context, so a short line inside
the article takes its neighbours' side. Text dumps only: an HTML page's main content is found
on its DOM."""
kind = "text-main-content"
action = "drop-line"
weights = {{ {body} }}
bias = {bias:.4f}
switch_cost = {switch_cost}
{LEXICONS.format(stop=stop_files(lex), lex=lex)}
{EXAMPLE}'''


def features(binary, dump_dir, cache, reuse):
    if reuse and os.path.exists(cache):
        return [json.loads(l) for l in open(cache, encoding="utf-8")]
    folder = os.path.dirname(cache)
    with tempfile.NamedTemporaryFile("w", suffix=".toml", dir=folder, delete=False) as f:
        f.write(rule_toml({"size": 0.0}, 0.0, 0.0, "features only", folder))
        seed_rule = f.name
    try:
        out = subprocess.run([binary, "rules", "features", os.path.join(dump_dir, "pages"), "--rules", seed_rule],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(seed_rule)
    with open(cache, "w", encoding="utf-8") as f:
        f.write(out)
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def clean_bodies(shared, family_name, cache_dir):
    """The truth bodies of a benchmark set written one file a page (for `rules features`)."""
    pages = os.path.join(cache_dir, "clean-" + family_name, "pages")
    os.makedirs(pages, exist_ok=True)
    truth = {}
    for line in open(os.path.join(shared, "bench", family_name, "truth.jsonl"), encoding="utf-8"):
        t = json.loads(line)
        if t.get("body"):
            truth[t["id"]] = t
            with open(os.path.join(pages, t["id"] + ".txt"), "w", encoding="utf-8") as f:
                f.write(t["body"])
    return os.path.dirname(pages), truth


def labelled(dump_set, docs, truth):
    """(page id, X, y, line weights, line chars) per page; y is 1, 0, or -1 (no label)."""
    pages = []
    for d in docs:
        pid = os.path.splitext(os.path.basename(d["source"]))[0]
        t = truth.get(pid)
        if t is None or not d["lines"]:
            continue
        body = squash(t.get("body") or "")
        shingles = {body[i:i + SHINGLE] for i in range(len(body) - SHINGLE + 1)}
        withs = [squash(s) for s in t.get("with") or [] if squash(s)]
        withouts = [squash(s) for s in t.get("without") or [] if squash(s)]
        X, y, chars, prose = [], [], [], []
        for _, text, f, weight_chars, is_prose in d["lines"]:
            s = squash(text)
            if body:
                label = 1 if in_body(s, body, shingles) else 0
            elif any(w in s for w in withs if s):
                label = 1
            elif any(w in s for w in withouts if s):
                label = 0
            else:
                label = -1
            X.append(f)
            y.append(label)
            chars.append(weight_chars)
            prose.append(is_prose)
        pages.append((pid, np.array(X, float), np.array(y), np.array(chars, float), np.array(prose),
                      family(dump_set)))
    return pages


def fit(pages):
    """Each page's lines weigh as much in all as any other page's. (Weighing each family of sets
    alike as well was tried: zh-cwced ±0.005, article-benchmark -0.02.)"""
    X = np.vstack([p[1] for p in pages])
    y = np.concatenate([p[2] for p in pages])
    w = np.concatenate([np.log1p(p[3]) / max(np.log1p(p[3][p[2] >= 0]).sum(), 1e-9)
                        * (CLEAN_WEIGHT if p[5] == "clean" else 1.0) for p in pages])
    keep = y >= 0
    X, y, w = X[keep], y[keep].astype(float), w[keep]
    w = w / w.mean()
    Xb = np.hstack([X, np.ones((len(X), 1))])
    beta = np.zeros(Xb.shape[1])
    reg = np.full(Xb.shape[1], L2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-Xb @ beta))
        grad = Xb.T @ (w * (p - y)) + reg * beta
        hess = (Xb * (w * p * (1 - p))[:, None]).T @ Xb + np.diag(reg) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta[:-1], beta[-1]


def best_path(scores, cost):
    n = len(scores)
    best = [-scores[0] / 2, scores[0] / 2]
    back = [[0, 1]]
    for k in range(1, n):
        emit = [-scores[k] / 2, scores[k] / 2]
        nxt, frm = [0.0, 0.0], [0, 1]
        for s in (0, 1):
            stay, switch = best[s], best[1 - s] - cost
            nxt[s], frm[s] = (stay, s) if stay >= switch else (switch, 1 - s)
            nxt[s] += emit[s]
        best = nxt
        back.append(frm)
    state = 1 if best[1] >= best[0] else 0
    path = [False] * n
    for k in range(n - 1, -1, -1):
        path[k] = state == 1
        state = back[k][state]
    return path


def weight(chars):
    """The rule's `weight`: a line's share of the evidence on the best path."""
    return np.clip(np.sqrt((chars + 1) / 20.0), 0.25, 4.0)


def kept_f1(pages, coef, bias, cost, min_lines=4):
    tp = fp = fn = 0.0
    for _, X, y, chars, prose, _ in pages:
        own = X @ coef + bias
        path = best_path(own * weight(chars), cost) if len(X) >= min_lines else [True] * len(X)
        if not any(path):
            path = [True] * len(X)
        path = [a or (p and c >= KEEP_PROSE_CHARS and o > 0) for a, p, c, o in zip(path, prose, chars, own)]
        for keep, label, c in zip(path, y, chars):
            if label < 0:
                continue
            if keep and label == 1:
                tp += c
            elif keep:
                fp += c
            elif label == 1:
                fn += c
    return 2 * tp / max(2 * tp + fp + fn, 1e-9)


def train(pages, names):
    coef, bias = fit(pages)
    best = max(((kept_f1(pages, coef, bias + shift, cost), shift, cost)
                for cost in SWITCH_COSTS for shift in BIAS_SHIFTS))
    f1, shift, cost = best
    return dict(zip(names, coef)), bias + shift, cost, f1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--write", help="rule file to write, fitted on every page")
    ap.add_argument("--folds", help="folder for one rule file per fold and the fold of every page")
    ap.add_argument("--cache", default=os.path.join(ROOT, "target", "text-main"))
    ap.add_argument("--reuse-features", action="store_true",
                    help="read the features printed by an earlier run (same binary and lexicons) from --cache")
    args = ap.parse_args()
    binary = os.environ.get("NEWSCLEAN_BIN", os.path.join(ROOT, "target", "release", "newsclean"))
    os.makedirs(args.cache, exist_ok=True)
    data, names = {}, None
    for s in SETS:
        d = os.path.join(args.shared, "bench", "dumps", s)
        truth = {json.loads(l)["id"]: json.loads(l) for l in open(os.path.join(d, "truth.jsonl"), encoding="utf-8")}
        docs = features(binary, d, os.path.join(args.cache, s + ".jsonl"), args.reuse_features)
        names = names or docs[0]["names"]
        data[s] = labelled(s, docs, truth)
    for fam in CLEAN:
        d, truth = clean_bodies(args.shared, fam, args.cache)
        docs = features(binary, d, os.path.join(args.cache, f"clean-{fam}.jsonl"), args.reuse_features)
        data["clean-" + fam] = labelled("clean." + fam, docs, truth)
    sets = SETS + ["clean-" + fam for fam in CLEAN]
    if args.write:
        pages = [p for s in sets for p in data[s]]
        weights, bias, cost, f1 = train(pages, names)
        with open(args.write, "w", encoding="utf-8") as f:
            f.write(rule_toml(weights, bias, cost, f"fitted on all {len(pages)} dumps and articles of {len(sets)} sets",
                              os.path.dirname(os.path.abspath(args.write))))
        print(f"wrote {args.write}: training kept-char F1 {f1:.3f}, switch_cost {cost}", file=sys.stderr)
    if args.folds:
        os.makedirs(args.folds, exist_ok=True)
        with open(os.path.join(args.folds, "folds.tsv"), "w") as f:
            for s in sets:
                for pid, *_ in data[s]:
                    f.write(f"{s}\t{pid}\t{fold_of(s, pid)}\n")
        for k in range(FOLDS):
            train_pages = [p for s in sets for p in data[s] if fold_of(s, p[0]) != k]
            test_pages = [p for s in SETS for p in data[s] if fold_of(s, p[0]) == k]
            weights, bias, cost, f1 = train(train_pages, names)
            held = kept_f1(test_pages, np.array([weights[n] for n in names]), bias, cost)
            path = os.path.join(args.folds, f"fold-{k}.toml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(rule_toml(weights, bias, cost, f"fold {k}: fitted on the pages of the other folds",
                                  os.path.abspath(args.folds)))
            print(f"fold {k}: {len(train_pages)} training dumps, kept-char F1 {f1:.3f} on them, "
                  f"{held:.3f} on the {len(test_pages)} held out; switch_cost {cost}", file=sys.stderr)


if __name__ == "__main__":
    main()
