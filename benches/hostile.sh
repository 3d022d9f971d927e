#!/usr/bin/env bash
# The full-size hostile set of issue 6, run through the release binary: every file must end in
# the manifest as cleaned or rejected with a reason, nothing may panic or read outside the input
# folder, and the run must stay within the bounds below (seconds, peak RSS).
#   benches/hostile.sh [MAX_SECONDS] [MAX_RSS_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
max_s=${1:-60}
max_mb=${2:-1024}
cargo build --release --quiet
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/in" <<'PY'
import os, sys
d = sys.argv[1]
os.makedirs(os.path.join(d, *["深 层"] * 40), exist_ok=True)
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
w("empty.txt", b"")
w("image.txt", b"\x89PNG\r\n\x1a\n" + bytes((i * 2654435761 >> 13) & 0xFF for i in range(300_000)))
w("archive.txt", b"PK\x03\x04" + bytes((i * 40503 >> 7) & 0xFF for i in range(200_000)))
w("nul.txt", "正文\0第二段。\n" * 2000)
w("bad-utf8.txt", b"\xe4\xb8" + "正文。".encode() * 1000 + b"\xff\xfe\xe4")
w("utf16le-bom.txt", b"\xff\xfe" + "标题在这里足够长\n正文第一段。".encode("utf-16-le"))
w("utf16le.txt", "标题在这里足够长\n正文第一段。".encode("utf-16-le"))
w("gb18030-4byte.txt", "正文𠮷𠀀😀第二段。".encode("gb18030"))
w("oneline.txt", "人工智能产业发展," * 1_200_000)
w("kwblock.txt", "-".join(["久久综合图区亚洲"] * 100_000))
w("deep.html", "<html><body>" + "<div>" * 100_000 + "正文。" + "</div>" * 100_000 + "</body></html>")
w("attrs.html", "<html><body><p " + " ".join(f'a{i}="x"' for i in range(100_000)) + ">正文。</p></body></html>")
w("entities.html", "<html><body><p>" + "&amp;" * 1_000_000 + "</p></body></html>")
w("script.html", "<html><body><script>" + "var a=1;" * 655_360 + "</script></body></html>")
w("unclosed.html", "<html><body><p><b><i><div><span>正文" * 5000)
w("unknown-charset.html", '<html><head><meta charset="x-klingon"></head><body><p>正文内容。</p></body></html>'.encode("gbk"))
w("wrong-charset.html", '<html><head><meta charset="big5"></head><body><p>广东发布人工智能措施。</p></body></html>'.encode("utf-8"))
w("surrogates.html", "<html><body><p>&#xD800;&#x110000;&#0;正文</p></body></html>")
w("spam-only.txt", "久久综合图区亚洲综合图区-久久综合网久久综合-久久综合网址-久久综合五月")
w("a b 中文 名.txt", "标题很长的一个标题在这里\n正文。")
w(os.path.join(*["深 层"] * 40, "deep.txt"), "标题很长的一个标题在这里\n正文。")
with open(os.path.join(d, "..", "secret.txt"), "w") as f:
    f.write("SECRET-OUTSIDE")
os.symlink(os.path.join(d, "..", "secret.txt"), os.path.join(d, "link.txt"))
os.symlink(d, os.path.join(d, "loop"))
PY
set +e
/usr/bin/time -f "%e %M" -o "$tmp/time" target/release/newsclean clean "$tmp/in" -o "$tmp/out" -q 2>"$tmp/stderr"
code=$?
set -e
read -r secs kb < "$tmp/time"
python3 - "$tmp" "$code" "$secs" "$kb" "$max_s" "$max_mb" <<'PY'
import json, os, sys
tmp, code, secs, kb, max_s, max_mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
records = [json.loads(l) for l in open(os.path.join(tmp, "out", "manifest.jsonl"), encoding="utf-8")]
inputs = sum(len(files) for _, _, files in os.walk(os.path.join(tmp, "in"))) - 1  # the link is not an input
problems = []
if code != 0: problems.append(f"exit {code}")
if "panick" in open(os.path.join(tmp, "stderr")).read(): problems.append("panic text on stderr")
if len(records) != inputs: problems.append(f"{len(records)} records for {inputs} files")
for r in records:
    print(f"  {r['status']:<9} {r['source'][-40:]:<40} {r.get('reason') or r.get('error') or r.get('encoding') or ''}")
    if r["status"] == "rejected" and not r.get("reason"): problems.append(f"{r['source']}: no reason")
    if r["status"] == "failed": problems.append(f"{r['source']}: failed: {r.get('error')}")
for root, _, files in os.walk(os.path.join(tmp, "out")):
    for f in files:
        if b"SECRET-OUTSIDE" in open(os.path.join(root, f), "rb").read(): problems.append(f"outside bytes in {f}")
mb = kb / 1024
print(f"hostile set: {len(records)} files in {secs:.2f} s, peak RSS {mb:.0f} MB (bounds {max_s:.0f} s, {max_mb} MB)")
if secs > max_s: problems.append("too slow")
if mb > max_mb: problems.append("too much memory")
print("holds" if not problems else "FALLS SHORT: " + "; ".join(problems))
sys.exit(1 if problems else 0)
PY
