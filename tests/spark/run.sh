#!/usr/bin/env bash
# The Spark job on a real local[2] Spark: ships the release binary, pipes every partition of the
# seeds and all bench pages through `newsclean filter`, and checks that the output is
# byte-identical to `newsclean filter` run directly on the same lines. Installs pyspark from PyPI
# into a venv (NEWSCLEAN_SPARK_VENV, default target/spark-venv); needs Java 17 and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${NEWSCLEAN_SHARED:-$(cd .. && pwd)/shared}
venv=${NEWSCLEAN_SPARK_VENV:-target/spark-venv}
added=2026-01-01T00:00:00Z

command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; }
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import pyspark' 2>/dev/null || "$venv/bin/pip" install -q 'pyspark>=3.5'
cargo build --release --quiet
bin=target/release/newsclean

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/spark/make_input.py seeds "$shared/bench" >"$work/input.jsonl"
"$bin" filter --added "$added" --quiet <"$work/input.jsonl" >"$work/direct.jsonl"

started=$(date +%s)
"$venv/bin/python" examples/spark/clean.py --master 'local[2]' --binary "$bin" \
  --input "$work/input.jsonl" --output "$work/spark" --partitions 6 --added "$added" \
  2>"$work/spark.log" || { tail -40 "$work/spark.log"; echo "spark: FAILS: the job failed"; exit 1; }
seconds=$(( $(date +%s) - started ))

parts=$(ls "$work/spark"/part-* | wc -l)
cat "$work/spark"/part-* >"$work/spark.jsonl"
records=$(wc -l <"$work/input.jsonl")
written=$(wc -l <"$work/direct.jsonl")
if [[ $parts -lt 2 ]]; then
  echo "spark: FAILS: the job wrote $parts part file(s); the test needs several partitions"; exit 1
fi
if [[ $written -lt $(( records * 9 / 10 )) ]]; then
  echo "spark: FAILS: only $written of $records records came out of the direct run"; exit 1
fi
if cmp -s "$work/direct.jsonl" "$work/spark.jsonl"; then
  echo "spark: holds: $records records in, $written cleaned, in $parts partitions; output byte-identical to the direct run (job ${seconds}s)"
else
  echo "spark: FAILS: the Spark output differs from the direct run"
  diff <(cut -c1-200 "$work/direct.jsonl") <(cut -c1-200 "$work/spark.jsonl") | head -20
  exit 1
fi
