#!/usr/bin/env bash
# Throughput and memory of newsclean against resiliparse and trafilatura, in one run, and the
# targets of issue 5 as met or not:
#   - text dumps (a corpus built from the seeds by gen_corpus.py): MB/s at --jobs 1 and 2, the
#     two-core ratio, peak RSS; cost at 1x, 4x and 16x corpus size;
#   - HTML (extraction-eval's pages): pages/s of newsclean --jobs 1, resiliparse and trafilatura
#     (single process each, installed from PyPI into target/bench-venv by this script), and of
#     scraper's parse alone (examples/parse_pages.rs), the floor under newsclean's figure;
#   - start-up: loading and compiling the default rules.
# Medians of RUNS runs (default 3); every figure of a table comes from this one run.
# Every run writes into a folder of its own, kept until the end (a few GB on the disk).
#   benches/speed.sh [SHARED_DIR]      env: SPEED_MB (150), SCALE_MB (10), RUNS (3)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-$(cd .. && pwd)/shared}
mb=${SPEED_MB:-150}
scale_mb=${SCALE_MB:-10}
runs=${RUNS:-3}
venv=target/bench-venv
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release --quiet
cargo build --release --quiet --example parse_pages
bin=$PWD/target/release/newsclean
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import resiliparse, trafilatura' 2>/dev/null ||
  "$venv/bin/pip" install -q resiliparse==2.0.1 trafilatura==2.3.1 lxml_html_clean
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
results=$tmp/results.tsv
: >"$results"

# A new output folder for each timed run; all are removed only at the end. Without a journal
# (as on this machine's disk) ext4 does not reuse an inode freed in the last minutes: it scans
# past each one, so creating files just after deleting thousands costs up to ~1.4 ms a file
# instead of ~50 us, and removing one run's output before the next timed the file system.
fresh() { mktemp -d "$tmp/out.XXXXXX"; }

# measure NAME BYTES UNITS COMMAND...: one timed run, appended as NAME seconds rss_kb bytes units.
measure() {
  local name=$1 bytes=$2 units=$3; shift 3
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" || {
    cat "$tmp/stderr" >&2; echo "speed: $name failed" >&2; exit 1; }
  read -r secs rss <"$tmp/time"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$secs" "$rss" "$bytes" "$units" >>"$results"
}

echo "speed: building a ${mb} MB text corpus from the seeds" >&2
python3 benches/gen_corpus.py "$tmp/text" --mb "$mb" >&2
text_bytes=$(du -sb "$tmp/text" | cut -f1)
text_docs=$(find "$tmp/text" -type f | wc -l)
for i in $(seq "$runs"); do
  measure text-jobs1 "$text_bytes" "$text_docs" "$bin" clean "$tmp/text" -o "$(fresh)" -q --jobs 1
  measure text-jobs2 "$text_bytes" "$text_docs" "$bin" clean "$tmp/text" -o "$(fresh)" -q --jobs 2
done

for k in 1 4 16; do
  python3 benches/gen_corpus.py "$tmp/scale$k" --mb $((scale_mb * k)) --seed $k >&2
  b=$(du -sb "$tmp/scale$k" | cut -f1); n=$(find "$tmp/scale$k" -type f | wc -l)
  measure "scale-${k}x" "$b" "$n" "$bin" clean "$tmp/scale$k" -o "$(fresh)" -q --jobs 2
done

pages=$shared/bench/extraction-eval/pages
page_bytes=$(du -sb "$pages" | cut -f1)
page_count=$(find "$pages" -type f | wc -l)
find "$pages" -type f | sort >"$tmp/list"
for i in $(seq "$runs"); do
  measure html-newsclean "$page_bytes" "$page_count" "$bin" clean "$pages" -o "$(fresh)" -q --jobs 1
  # Context, not a target: reading, decoding and parsing the pages with scraper, nothing else.
  measure html-parse-only "$page_bytes" "$page_count" target/release/examples/parse_pages "$pages"
  peer=$(fresh)
  measure html-resiliparse "$page_bytes" "$page_count" "$venv/bin/python" "$shared/bench/peers/resiliparse.py" --batch "$tmp/list" "$peer"
done
peer=$(fresh)
measure html-trafilatura "$page_bytes" "$page_count" "$venv/bin/python" "$shared/bench/peers/trafilatura.py" --batch "$tmp/list" "$peer"

# Start-up by a microsecond clock (time(1) counts in 10 ms steps): 21 runs, as rows of results.
python3 - "$bin" "$results" <<'PY'
import subprocess, sys, time
bin, results = sys.argv[1:]
with open(results, "a") as out:
    for _ in range(21):
        t = time.perf_counter()
        subprocess.run([bin, "rules", "check"], check=True, stdout=subprocess.DEVNULL)
        out.write(f"startup\t{time.perf_counter() - t:.6f}\t0\t0\t1\n")
PY

python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, secs, rss, b, n = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append((float(secs), int(rss), int(b), int(n)))
def med(name):
    r = rows[name]
    s = statistics.median(x[0] for x in r)
    return s, max(x[1] for x in r) / 1024, r[0][2], r[0][3]
print("| run | median s | MB/s | docs/s | peak RSS MB |")
print("|---|---|---|---|---|")
for name in rows:
    if name == "startup":
        continue
    s, rss, b, n = med(name)
    print(f"| {name} ({n} files, {b/1e6:.0f} MB, {len(rows[name])} runs) | {s:.2f} | {b/1e6/s:.1f} | {n/s:.0f} | {rss:.0f} |")
t1, rss1, b, _ = med("text-jobs1"); t2, rss2, _, _ = med("text-jobs2")
h, _, _, pages = med("html-newsclean"); r, _, _, _ = med("html-resiliparse")
parse, _, _, _ = med("html-parse-only")
st, _, _, _ = med("startup")
scale = [med(f"scale-{k}x") for k in (1, 4, 16)]
def verdict(ok): return "met" if ok else "NOT MET"
print()
print("| target | measured | |")
print("|---|---|---|")
print(f"| text, one core >= 100 MB/s | {b/1e6/t1:.1f} MB/s | {verdict(b/1e6/t1 >= 100)} |")
print(f"| text, two cores >= 1.7x one core | {t1/t2:.2f}x | {verdict(t1/t2 >= 1.7)} |")
print(f"| peak RSS < 300 MB on the {b/1e6:.0f} MB corpus | {max(rss1, rss2):.0f} MB | {verdict(max(rss1, rss2) < 300)} |")
flat = scale[2][1] <= 1.25 * scale[0][1] + 10
print(f"| RSS flat from 1x to 16x corpus | {scale[0][1]:.0f} / {scale[1][1]:.0f} / {scale[2][1]:.0f} MB | {verdict(flat)} |")
print(f"| HTML pages/s >= resiliparse (jobs 1) | {pages/h:.0f} vs {pages/r:.0f} pages/s ({r/h:.2f}x) | {verdict(h <= r)} |")
print(f"| start-up < 50 ms | {st*1000:.1f} ms (median of {len(rows['startup'])}) | {verdict(st < 0.05)} |")
print()
print(f"HTML floor: scraper's parse alone (read, decode, parse; nothing else) runs {pages/parse:.0f} pages/s, "
      f"{r/parse:.2f}x resiliparse's whole extraction; newsclean spends {parse/h:.0%} of its time there.")
print("cost by corpus size (jobs 2): " + ", ".join(f"{k}x {s[2]/1e6:.0f} MB {s[0]:.1f} s ({s[2]/1e6/s[0]:.1f} MB/s)" for k, s in zip((1, 4, 16), scale)))
PY
