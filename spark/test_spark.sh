#!/usr/bin/env bash
# The Spark job in local mode (local[2]) against `groomscan scan` on the same files: its
# report.json must be the same bytes as `scan --format json`, and its Parquet tables must
# hold every ranked conversation and every evidence row. On the demo corpus, the shared
# samples (../shared/samples: skipped with a notice when absent, a failure under CI) and
# 10,000 generated conversations spread over 100 folders.
#
# Needs: java (17), and pyspark in SPARK_VENV (default target/spark-venv; .ci/run makes
# it). GROOMSCAN names the binary (default target/release/groomscan, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${SPARK_VENV:-target/spark-venv}
bin=$(realpath -m "${GROOMSCAN:-target/release/groomscan}")
[ -x "$bin" ] || cargo build --release --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PYSPARK_PYTHON="$venv/bin/python"

# check NAME PARTITIONS INPUT...
check() {
  local name=$1 partitions=$2
  shift 2
  local start end
  start=$(date +%s%N)
  "$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
    spark/groomscan_spark.py --binary "$bin" --partitions "$partitions" --out "$work/$name" "$@" \
    2> "$work/$name.spark.log" || { tail -50 "$work/$name.spark.log"; exit 1; }
  end=$(date +%s%N)
  local code=0
  "$bin" scan --format json -o "$work/$name.scan.json" "$@" 2> /dev/null || code=$?
  [ "$code" -le 2 ] || { echo "scan failed on $name" >&2; exit 1; }
  if ! cmp "$work/$name/report.json" "$work/$name.scan.json"; then
    echo "FAIL $name: the Spark job's report.json differs from groomscan scan" >&2
    diff <(head -c 20000 "$work/$name/report.json") <(head -c 20000 "$work/$name.scan.json") | head -20 >&2
    exit 1
  fi
  "$venv/bin/python" - "$work/$name" <<'PY'
import json, sys
from pyspark.sql import SparkSession
out = sys.argv[1]
doc = json.load(open(out + "/report.json"))
spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
conv = spark.read.parquet(out + "/conversations.parquet")
ev = spark.read.parquet(out + "/evidence.parquet")
want = [(c["rank"], c["id"]) for c in doc["conversations"]]
got = [(r["rank"], r["id"]) for r in conv.select("rank", "id").orderBy("rank").collect()]
assert got == want, f"conversations.parquet: {len(got)} rows, report {len(want)}"
ids = {r["conversation_id"] for r in ev.select("conversation_id").distinct().collect()}
flagged = {c["id"] for c in doc["conversations"] if c["indicators"] or any(p["age_evidence"] for p in c["participants"])}
assert ids == flagged, f"evidence.parquet names {len(ids)} conversations, the report {len(flagged)}"
spark.stop()
PY
  printf 'ok %s: %s conversations, same bytes as scan; job %d ms\n' "$name" \
    "$("$venv/bin/python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["conversations"]))' "$work/$name/report.json")" \
    $(( (end - start) / 1000000 ))
}

check demo 3 corpora/demo

if [ -d ../shared/samples ]; then
  check samples 4 ../shared/samples
else
  echo "NOTICE: ../shared/samples not found: the Spark job was not run on the shared samples" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi

"$bin" synth --out "$work/synth" --conversations 10000 --seed 1 > /dev/null
# One folder per hundred chats, so the folder rule has many to deal out.
"$venv/bin/python" - "$work/synth/chats" <<'PY'
import os, sys
chats = sys.argv[1]
for i, name in enumerate(sorted(os.listdir(chats))):
    d = os.path.join(chats, f"f{i % 100:03d}")
    os.makedirs(d, exist_ok=True)
    os.rename(os.path.join(chats, name), os.path.join(d, name))
PY
check synth 8 "$work/synth/chats"
echo "spark/test_spark.sh: all passed"
