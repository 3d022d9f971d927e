#!/usr/bin/env bash
# Whether a change left every output as it was: runs a base binary and this tree's release binary
# on the same inputs and compares what they write, byte for byte, but `run.json` (timings) and the
# `rules_digest` (which moves when rule files move).
#   benches/same_output.sh BASE [SHARED_DIR]
# BASE is a git revision (built once into target/same-output/) or the path of a newsclean binary.
# Sets: the seeds, ../shared/polluted, the four benchmark page sets, wcxb-dev, the text dumps, a
# 20 MB corpus from benches/gen_corpus.py, a `--format jsonl` run and a `filter` run. A base run's
# outputs are kept under the binary's hash, so comparing again after another change costs one run.
# Exit 0 when every set is identical; else the sets that differ and their first differences.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: benches/same_output.sh BASE [SHARED_DIR]}
shared=${2:-$(cd .. && pwd)/shared}
work=$PWD/target/same-output
mkdir -p "$work"

if [[ -x $base && ! -d $base ]]; then
  base_bin=$(realpath "$base")
else
  rev=$(git rev-parse --verify "$base^{commit}")
  base_bin=$work/bin/newsclean-$rev
  if [[ ! -x $base_bin ]]; then
    rm -rf "$work/tree"
    git worktree prune
    git worktree add --detach "$work/tree" "$rev" >/dev/null
    (cd "$work/tree" && CARGO_TARGET_DIR=$work/target cargo build --release --quiet)
    mkdir -p "$work/bin"
    cp "$work/target/release/newsclean" "$base_bin"
    git worktree remove --force "$work/tree"
  fi
fi
cargo build --release --quiet
new_bin=$PWD/target/release/newsclean

# Inputs made once.
if [[ ! -d $work/wcxb/pages ]]; then
  mkdir -p "$work/wcxb" && tar -xzf "$shared/bench/wcxb-dev/pages.tar.gz" -C "$work/wcxb"
fi
[[ -d $work/corpus ]] || python3 benches/gen_corpus.py "$work/corpus" --mb 20 --html-share 0.1 >/dev/null
if [[ ! -s $work/filter-in.jsonl ]]; then
  python3 - "$shared" "$work/filter-in.jsonl" <<'PY'
import base64, json, os, sys
shared, out = sys.argv[1:]
rows = []
cases = os.path.join(shared, "polluted", "cases")
for n, name in enumerate(sorted(os.listdir(cases))):
    raw = open(os.path.join(cases, name), "rb").read()
    row = {"id": name if n % 2 else n, "content_base64": base64.b64encode(raw).decode(), "crawl": "c1"}
    if n % 3 == 0:
        row["url"] = f"https://news{n}.example.cn/a/{n}.html"
    rows.append(row)
pages = os.path.join(shared, "bench", "zh-cwced", "pages")
for name in sorted(os.listdir(pages))[:30]:
    rows.append({"id": "html-" + name, "html": open(os.path.join(pages, name), encoding="utf-8", errors="replace").read(),
                 "metadata": {"lang": "zh"}})
dumps = os.path.join(shared, "bench", "dumps", "zh-cwced.inscriptis", "pages")
for name in sorted(os.listdir(dumps))[:30]:
    rows.append({"id": "text-" + name, "text": open(os.path.join(dumps, name), encoding="utf-8").read(), "source": "dumps"})
with open(out, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
fi

# run BIN OUT: every set's outputs under OUT.
run() {
  local bin=$1 out=$2
  rm -rf "$out"; mkdir -p "$out"
  local -a sets=(
    "seeds=seeds"
    "polluted=$shared/polluted/cases"
    "zh-cwced=$shared/bench/zh-cwced/pages"
    "zh-gne-pages=$shared/bench/zh-gne-pages/pages"
    "article-benchmark=$shared/bench/article-benchmark/pages"
    "extraction-eval=$shared/bench/extraction-eval/pages"
    "wcxb-dev=$work/wcxb/pages"
    "dumps=$shared/bench/dumps"
    "corpus=$work/corpus"
  )
  for s in "${sets[@]}"; do
    "$bin" clean "${s#*=}" -o "$out/${s%%=*}" --quiet --jobs 2 || true
  done
  "$bin" clean "$shared/polluted/cases" -o "$out/jsonl" --quiet --format jsonl --part-docs 50 \
    --added 2024-01-01T00:00:00Z --keep-rejected || true
  "$bin" filter --added 2024-01-01T00:00:00Z --keep-rejected --quiet <"$work/filter-in.jsonl" \
    >"$out/filter.jsonl" 2>"$out/filter.stderr" || true
  # What may differ: timings, and the digest of rule files that moved.
  find "$out" -name run.json -delete
  find "$out" -name 'part-*.jsonl.gz' -exec sh -c 'gzip -dc "$1" >"${1%.gz}" && rm "$1"' _ {} \;
  find "$out" -name '*.jsonl' -exec sed -i -E 's/"rules_digest":"[0-9a-f]+"/"rules_digest":"-"/g' {} +
}

hash=$(sha256sum "$base_bin" | cut -c1-16)
if [[ ! -f $work/base-$hash/.complete ]]; then
  echo "same-output: running the base binary ($base_bin)" >&2
  run "$base_bin" "$work/base-$hash"
  touch "$work/base-$hash/.complete"
fi
echo "same-output: running this tree's binary" >&2
run "$new_bin" "$work/new"
cp "$work/base-$hash/.complete" "$work/new/.complete"

status=0
for set in $(ls "$work/base-$hash"); do
  [[ -e $work/base-$hash/$set ]] || continue
  files=$(find "$work/base-$hash/$set" -type f | wc -l)
  if diff -r -q "$work/base-$hash/$set" "$work/new/$set" >"$work/diff.txt" 2>&1; then
    echo "identical  $set ($files files)"
  else
    status=1
    echo "DIFFERENT  $set: $(wc -l <"$work/diff.txt") files differ"
    head -5 "$work/diff.txt" | sed 's/^/    /'
  fi
done
exit $status
