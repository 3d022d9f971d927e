#!/usr/bin/env bash
# Scores newsclean's HTML extraction on the shared benchmarks exactly as the peers were scored
# (../shared/bench/score.py, one batch run per set), then lists each set's ten worst pages; then
# checks zh-cwced's dates and authors, and builds the polluted Chinese pages of
# benches/zh_pages.py and scores them the same way, with their titles, dates and authors.
#   benches/quality.sh [SHARED_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-$(cd .. && pwd)/shared}
export NEWSCLEAN_SHARED="$shared"
cargo build --release --quiet
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for set in extraction-eval article-benchmark zh-cwced; do
  python3 "$shared/bench/score.py" "$shared/bench/$set" --name newsclean \
    --batch-cmd "python3 benches/newsclean_batch.py {pagesdir} {outdir}" --json "$tmp/$set.json" | tail -3
  python3 - "$tmp/$set.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def key(p):
    s = p.get("snippets")
    if s:  # snippet sets: most missed or leaked snippets first
        return -(s["fn"] + s["fp"]), p["id"]
    return p["body_f1"], p["id"]
worst = sorted(d["per_page"], key=key)[:10]
print("  ten worst pages:")
for p in worst:
    s = p.get("snippets")
    figure = f"fn {s['fn']} fp {s['fp']}" if s else f"F1 {p['body_f1']:.3f}"
    print(f"    {figure:<14} {p['chars']:>7} chars  {p['id']}")
PY
done
target/release/newsclean clean "$shared/bench/zh-cwced/pages" -o "$tmp/zh-cwced-out" --quiet
python3 benches/zh_cwced_meta.py "$tmp/zh-cwced-out/manifest.jsonl"
python3 benches/zh_pages.py "$tmp/zh-pages" >/dev/null
python3 "$shared/bench/score.py" "$tmp/zh-pages" --name newsclean \
  --batch-cmd "python3 benches/newsclean_batch.py {pagesdir} {outdir}" | tail -3
target/release/newsclean clean "$tmp/zh-pages/pages" -o "$tmp/zh-pages-out" --quiet
python3 benches/zh_pages.py "$tmp/zh-pages" --check "$tmp/zh-pages-out/manifest.jsonl" | tail -1
