#!/usr/bin/env bash
# The report in headless Chromium (see browser_test.py). Installs Debian's chromium,
# chromium-driver and a CJK font if they are missing; writes the screenshot to
# ${1:-target/report.png} (`tests/report/run.sh tests/report/report.png` refreshes the two the README shows).
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
fc-list 2>/dev/null | grep -qi -e wqy -e noto.*cjk || need+=(fonts-wqy-zenhei)
if [[ ${#need[@]} -gt 0 ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
cargo build --release --quiet
python3 tests/report/browser_test.py --bin target/release/newsclean --screenshot "${1:-target/report.png}"
