#!/usr/bin/env bash
# Whole-page text dumps (../shared/bench/dumps/) cleaned as text: pass-through, jusText on the
# lines and newsclean's text.main-content, each page scored by weights fitted on the other folds
# (benches/train_text_main.py). Installs numpy and jusText (with lxml_html_clean) into
# target/bench-venv.
#   benches/dumps.sh [SHARED_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-$(cd .. && pwd)/shared}
cargo build --release --quiet
venv=target/bench-venv
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
# jusText imports lxml.html.clean, a separate package since lxml 5.2.
"$venv/bin/python" -c 'import numpy, justext' 2>/dev/null ||
  "$venv/bin/pip" install -q numpy==2.1.3 justext==3.0.2 lxml_html_clean
"$venv/bin/python" benches/dumps.py "$shared"
