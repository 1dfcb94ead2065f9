#!/usr/bin/env bash
# Runs fuzz targets (all, or those named) on the nightly toolchain, seeded from
# the real corpus, and keeps every crash or timeout input under
# tests/fuzz-regressions/<target>/ so the stable test suite replays it.
# RUNS and SECONDS_EACH bound each target (defaults: 1,000,000 runs, 30 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-1000000}
seconds=${SECONDS_EACH:-1800}
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"

seeds() {
  case $1 in
    load | layout) echo sample-threads ;;
    detect_import) echo sample-threads tests/corpus/*/ ;;
    import_forum_text) echo tests/corpus/forum-text ;;
    import_mbox) echo tests/corpus/mbox ;;
    import_hn) echo tests/corpus/hn ;;
    import_reddit) echo tests/corpus/reddit ;;
    import_discourse) echo tests/corpus/discourse ;;
    import_forum_html) echo tests/corpus/forum tests/corpus/forum-html ;;
  esac
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  # shellcheck disable=SC2046 # one seed folder per word
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" $(seeds "$target") -- \
    -runs="$runs" -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 -max_len=${MAX_LEN:-16384} \
    -print_final_stats=1 2>&1 | tee "fuzz/artifacts/$target/log.txt" | grep -E '^(#[0-9]+ +DONE|Done|stat::|==|SUMMARY|.*(crash|timeout|leak)-)' || true
  for found in fuzz/artifacts/"$target"/{crash,timeout,leak,oom,slow-unit}-*; do
    [ -e "$found" ] || continue
    mkdir -p "tests/fuzz-regressions/$target"
    cp "$found" "tests/fuzz-regressions/$target/"
    echo "kept $found in tests/fuzz-regressions/$target/"
  done
done
