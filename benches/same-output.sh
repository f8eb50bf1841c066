#!/usr/bin/env bash
# Behaviour check for refactoring (issue 15): writes every output groomscan gives on the
# demo, dev, synthetic and shared-sample inputs into one folder, so that two builds can be
# compared byte for byte.
#
#   benches/same-output.sh OUT [BIN]        write the outputs of BIN into OUT
#   benches/same-output.sh --against REV    build REV (a clean checkout in target/same-output)
#                                           and this tree, write both, diff them
#
# BIN defaults to target/release/groomscan (built here when missing). Run from the project
# root. Outputs that carry the time of the run (provenance records) are left out; a case
# folder's own files are not compared, only what `rank`, `search`, `show` and `report` say.
# The shared samples are included when ../shared/samples exists (a notice says when not).
set -euo pipefail

write_outputs() {
  local out=$1 bin=$2
  rm -rf "$out" && mkdir -p "$out"
  local tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN

  # The demo, in every format and the options that change a report.
  for f in table json jsonl csv html; do
    "$bin" scan corpora/demo --format "$f" -o "$out/demo.$f"
  done
  "$bin" scan corpora/demo --format csv -o "$out/demo-conv.csv" --evidence-csv "$out/demo-evidence.csv"
  "$bin" scan corpora/demo --format json --redact -o "$out/demo-redact.json"
  "$bin" scan corpora/demo --format json --top 2 -o "$out/demo-top2.json"
  "$bin" scan corpora/demo --format json --lexicon-only -o "$out/demo-lexicon-only.json"

  # The hand-written dev set: scan, thread count, metrics.
  "$bin" scan corpora/dev --format json -o "$out/dev.json"
  "$bin" scan corpora/dev --format json --threads 1 -o "$out/dev-threads1.json"
  "$bin" scan corpora/dev --format html -o "$out/dev.html"
  "$bin" eval --labels corpora/dev-labels.tsv corpora/dev > "$out/dev-eval.txt"
  "$bin" eval --labels corpora/dev-labels.tsv corpora/dev --format json > "$out/dev-eval.json"

  # A synthetic corpus: the generator's bytes, a scan of them, metrics.
  "$bin" synth --out "$tmp/synth" --conversations 400 --seed 7 > /dev/null
  "$bin" synth --out "$tmp/synth-jsonl" --conversations 100 --seed 3 --format jsonl > /dev/null
  (cd "$tmp" && find synth synth-jsonl -type f | LC_ALL=C sort | xargs sha256sum) > "$out/synth.sha256"
  "$bin" scan "$tmp/synth/chats" --format jsonl -o "$out/synth.jsonl"
  "$bin" scan "$tmp/synth-jsonl/chats" --format json -o "$out/synth-jsonl.json"
  "$bin" eval --labels "$tmp/synth/labels.tsv" "$tmp/synth/chats" --format json > "$out/synth-eval.json"
  sed -i "s|$tmp|TMP|g" "$out"/synth*

  # The case folder: index the dev set, then everything that reads a case.
  "$bin" index corpora/dev --case "$tmp/case" > "$out/case-index.txt" 2>&1 || true
  "$bin" rank --case "$tmp/case" --format json -o "$out/case-rank.json"
  "$bin" rank --case "$tmp/case" > "$out/case-rank.txt"
  # Hits of equal relevance come in the order tantivy indexed them, which varies between
  # runs (issue 20): all hits are listed, each hit's two lines joined, rank numbers
  # dropped, and the lines sorted.
  for q in '"send me a pic"' 'secret'; do
    # Two lines a result (the title line that later builds print is left out), sorted:
    # builds before the repeatable search broke ties by index layout.
    "$bin" search --case "$tmp/case" "$q" --limit 100000 | grep -v '^     in: ' | paste - - | sed -E 's/^ *[0-9]+\. //' | LC_ALL=C sort
  done > "$out/case-search.txt"
  local top
  top=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["conversations"][0]["id"])' "$out/case-rank.json")
  "$bin" show --case "$tmp/case" "$top" > "$out/case-show.txt"
  "$bin" show --case "$tmp/case" "$top" --format json > "$out/case-show.json"
  "$bin" report --case "$tmp/case" -o "$out/case-report.html"
  sed -i "s|$tmp|TMP|g" "$out"/case-*
  # What an HTML report says about the run itself: its command line and times.
  sed -i -E '/<dt>(Command line|Run started|Analysis ended)<\/dt>/d' "$out"/*.html

  if [ -d ../shared/samples ]; then
    "$bin" scan ../shared/samples --format json -o "$out/shared-samples.json" 2> "$out/shared-samples.stderr" || true
  else
    echo "same-output: ../shared/samples not found; the shared samples are not compared" >&2
  fi
}

if [ "${1:-}" = "--against" ]; then
  rev=${2:?usage: benches/same-output.sh --against REV}
  base=target/same-output/base
  rm -rf "$base" && mkdir -p target/same-output
  git worktree remove --force "$base" 2> /dev/null || true
  git worktree add --detach "$base" "$rev" > /dev/null
  (cd "$base" && CARGO_TARGET_DIR="$PWD/../../../target/same-output-build" cargo build --release --locked -q)
  cargo build --release --locked -q
  # Both runs from the project root so relative paths in outputs agree.
  write_outputs target/same-output/before target/same-output-build/release/groomscan
  write_outputs target/same-output/after target/release/groomscan
  git worktree remove --force "$base"
  if diff -r target/same-output/before target/same-output/after; then
    echo "same-output: identical to $rev"
  else
    echo "same-output: outputs differ from $rev" >&2
    exit 1
  fi
else
  out=${1:?usage: benches/same-output.sh OUT [BIN]}
  bin=${2:-target/release/groomscan}
  [ -x "$bin" ] || cargo build --release --locked -q
  write_outputs "$out" "$bin"
fi
