#!/usr/bin/env python3
"""The whole-page text dumps of ../shared/bench/dumps/ cleaned as text, scored by
../shared/bench/score.py: pass-through (no cleaning), jusText on the lines, and newsclean with its
`text.main-content` weights fitted on the other folds (benches/train_text_main.py --folds), so
every page is scored by weights that never saw any dump of it. Prints one table.

    target/bench-venv/bin/python benches/dumps.py [SHARED_DIR]     (benches/dumps.sh sets it up)
"""
import json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from train_text_main import CLEAN, FOLDS, SETS  # noqa: E402

shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared"))
binary = os.environ.get("NEWSCLEAN_BIN", os.path.join(ROOT, "target", "release", "newsclean"))
score_py = os.path.join(shared, "bench", "score.py")


def link(src, dest):
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def score(dump, outdir):
    res = subprocess.run([sys.executable, score_py, dump, "--outdir", outdir, "--name", "x"],
                         check=True, capture_output=True, text=True).stdout
    for line in res.splitlines():
        parts = line.split()
        if parts and parts[0] in ("body", "snippets"):
            return float(parts[parts.index("F1") + 1])
    raise SystemExit(f"no figure from score.py for {dump}:\n{res}")


def newsclean_folds(dump, name, folds_dir, outdir, tmp):
    folds = {}
    for line in open(os.path.join(folds_dir, "folds.tsv")):
        s, pid, k = line.split("\t")
        if s == name:
            folds[pid] = int(k)
    rows = [json.loads(l) for l in open(os.path.join(dump, "truth.jsonl"), encoding="utf-8")]
    for k in range(FOLDS):
        pages = os.path.join(tmp, f"{name}-{k}")
        os.makedirs(pages)
        for r in rows:
            if folds.get(r["id"], -1) == k:
                link(os.path.join(dump, r["file"]), os.path.join(pages, os.path.basename(r["file"])))
        subprocess.run([sys.executable, os.path.join(HERE, "newsclean_batch.py"), pages, outdir,
                        "--rules", os.path.join(folds_dir, f"fold-{k}.toml")], check=True)


def removed_from_articles(fam, folds_dir, tmp):
    """The share of a set's truth bodies, cleaned as text by the rule of the fold that held each
    out, that `text.main-content` removes (an article alone must come through whole)."""
    folds = {}
    for line in open(os.path.join(folds_dir, "folds.tsv")):
        s, pid, k = line.rstrip("\n").split("\t")
        if s == "clean-" + fam:
            folds[pid] = int(k)
    pages = os.path.join(ROOT, "target", "text-main", "clean-" + fam, "pages")
    total = removed = 0
    for k in range(FOLDS):
        src, out = os.path.join(tmp, f"clean-{fam}-{k}"), os.path.join(tmp, f"clean-{fam}-{k}-out")
        os.makedirs(src)
        for pid, fold in folds.items():
            if fold == k:
                link(os.path.join(pages, pid + ".txt"), os.path.join(src, pid + ".txt"))
        subprocess.run([binary, "clean", src, "-o", out, "--quiet", "--rules",
                        os.path.join(folds_dir, f"fold-{k}.toml")], check=True)
        for line in open(os.path.join(out, "manifest.jsonl"), encoding="utf-8"):
            rec = json.loads(line)
            total += rec["chars_in"] or 0
            removed += sum(len(r["text"]) for r in rec["removals"] if r["rule"] == "text.main-content")
    return 100.0 * removed / max(total, 1)


def main():
    folds_dir = os.path.join(ROOT, "target", "text-main", "folds")
    subprocess.run([sys.executable, os.path.join(HERE, "train_text_main.py"), "--shared", shared,
                    "--folds", folds_dir], check=True)
    print("| dumps of | pass-through | jusText on the lines | newsclean (held-out folds) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in SETS:
            dump = os.path.join(shared, "bench", "dumps", name)
            figures = []
            for tool in ("pass", "justext", "newsclean"):
                outdir = os.path.join(tmp, f"{name}-{tool}")
                os.makedirs(outdir)
                if tool == "pass":
                    for f in os.listdir(os.path.join(dump, "pages")):
                        link(os.path.join(dump, "pages", f), os.path.join(outdir, f))
                elif tool == "justext":
                    subprocess.run([sys.executable, os.path.join(dump, "..", "justext_lines.py"), dump, outdir],
                                   check=True)
                else:
                    newsclean_folds(dump, name, folds_dir, outdir, tmp)
                figures.append(score(dump, outdir))
            print(f"| {name} | {figures[0]:.3f} | {figures[1]:.3f} | **{figures[2]:.3f}** |", flush=True)
        for fam in CLEAN:
            share = removed_from_articles(fam, folds_dir, tmp)
            print(f"| {fam} truth bodies cleaned as text: removed by text.main-content | | | {share:.2f} % |",
                  flush=True)


if __name__ == "__main__":
    main()
