"""Writes the Spark test's input: every seed and every bench page as a JSON Lines record
(`id`, `content_base64`, `url` when the truth names one, and a pass-through `set` field)."""

import base64
import json
import os
import sys


def records(root, name, base):
    urls = {}
    truth = os.path.join(base, "truth.jsonl")
    if os.path.exists(truth):
        for line in open(truth, encoding="utf-8"):
            t = json.loads(line)
            if t.get("url"):
                urls[os.path.basename(t["file"])] = t["url"]
    folder = os.path.join(base, "pages") if os.path.isdir(os.path.join(base, "pages")) else base
    for f in sorted(os.listdir(folder)):
        data = open(os.path.join(folder, f), "rb").read()
        rec = {"id": f"{name}/{f}", "content_base64": base64.b64encode(data).decode("ascii"), "set": name}
        if f in urls:
            rec["url"] = urls[f]
        yield rec


def main():
    seeds, bench = sys.argv[1], sys.argv[2]
    out = sys.stdout
    n = 0
    for rec in records(seeds, "seeds", seeds):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    for name in sorted(os.listdir(bench)):
        base = os.path.join(bench, name)
        if os.path.isdir(os.path.join(base, "pages")):
            for rec in records(seeds, name, base):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    print(f"make_input: {n} records", file=sys.stderr)


if __name__ == "__main__":
    main()
