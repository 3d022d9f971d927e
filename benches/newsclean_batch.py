#!/usr/bin/env python3
"""Adapter for ../shared/bench/score.py: runs one `newsclean clean` over a page folder and writes
`<id>.txt` per page (empty for rejected or failed pages), as score.py's --batch-cmd expects.

    python3 ../shared/bench/score.py BENCH --batch-cmd 'python3 benches/newsclean_batch.py {pagesdir} {outdir}'
"""
import json, os, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
binary = os.environ.get("NEWSCLEAN_BIN", os.path.join(here, "..", "target", "release", "newsclean"))
pages, outdir = sys.argv[1], sys.argv[2]
extra = sys.argv[3:]
os.makedirs(outdir, exist_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    run = subprocess.run([binary, "clean", pages, "-o", tmp, "--quiet", *extra])
    if run.returncode not in (0, 1):
        sys.exit(run.returncode)
    with open(os.path.join(tmp, "manifest.jsonl"), encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            stem = os.path.splitext(os.path.basename(rec["source"]))[0]
            dest = os.path.join(outdir, stem + ".txt")
            if rec["status"] == "cleaned":
                shutil.copyfile(os.path.join(tmp, rec["output"]), dest)
            else:
                open(dest, "w").close()
