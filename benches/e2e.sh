#!/usr/bin/env bash
# End-to-end benchmark (issue 7): `groomscan scan` against ripgrep over the same synthetic
# corpus and the same lexicon phrases, timed in one run, alternating, with peak RSS.
#
#   benches/e2e.sh [SIZE]        SIZE such as 1G (default), 2G, 500M (binary units)
#
# Environment:
#   E2E_SIZE     corpus size when no argument is given (default 1G)
#   E2E_SEED     generator seed (default 1)
#   E2E_FORMAT   whatsapp (default: one file per conversation) or jsonl (~256 MB files)
#   E2E_ROUNDS   timed rounds; each round runs every command once, in turn (default 3)
#   E2E_THREADS  passed to groomscan --threads (default: all cores, like rg)
#   E2E_BIN      a groomscan binary to measure instead of building this tree (e.g. a build
#                of a clean checkout of one commit while the working tree is being edited)
#   E2E_HYPERFINE=1  also run hyperfine over the same commands (not alternating)
#   E2E_INDEX=1  also time `groomscan index CORPUS --case NEW_DIR` in every round, and beside
#                it a bare tantivy loop (examples/bare_tantivy.rs: the same files read by
#                groomscan's readers, the same message documents and schema with our
#                tokenizer, one writer of the same budget, one commit; no scan or score)
#   E2E_PERF=1   also profile groomscan with perf on the first 20 corpus folders
#
# It installs ripgrep, hyperfine and GNU time from Debian's packages when they are
# missing (needs root), builds the release binary, generates the corpus once into
# target/e2e-corpus/<format>-<size>-seed<seed>/ (kept between runs), writes the shipped
# lexicon's literal phrases to target/e2e-phrases.txt, runs each command once untimed to
# warm the page cache (the groomscan warm-up also checks its output: every conversation
# read, no errors), then times the rounds. Results go to stdout and to
# target/e2e-results.md.
#
# The commands are exactly the ones the issue names (rg searches the corpus folder it is
# given even though target/ is in .gitignore; checked: same counts with --no-ignore).
# MB means 10^6 bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

size_arg=${1:-${E2E_SIZE:-1G}}
seed=${E2E_SEED:-1}
format=${E2E_FORMAT:-whatsapp}
rounds=${E2E_ROUNDS:-3}
threads_flag=()
if [[ -n "${E2E_THREADS:-}" ]]; then threads_flag=(--threads "$E2E_THREADS"); fi

# --- tools -------------------------------------------------------------------------------
need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v hyperfine >/dev/null || need+=(hyperfine)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
    echo "e2e: installing ${need[*]} from Debian's packages" >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

if [[ -z "${E2E_BIN:-}" ]]; then
    cargo build --release --locked >&2
fi
if [[ "${E2E_INDEX:-0}" == 1 ]]; then
    cargo build --release --locked --example bare_tantivy >&2
    mkdir -p target/e2e-bin
    cp target/release/examples/bare_tantivy target/e2e-bin/bare_tantivy
fi
# A private copy: other builds in this target folder cannot swap the binary mid-run.
mkdir -p target/e2e-bin
cp "${E2E_BIN:-target/release/groomscan}" target/e2e-bin/groomscan
bin=$PWD/target/e2e-bin/groomscan

# --- corpus ------------------------------------------------------------------------------
target_bytes=$(numfmt --from=iec "$size_arg")
key="$format-$size_arg-seed$seed"
corpus_root=$PWD/target/e2e-corpus/$key
corpus=$corpus_root/chats
if [[ ! -f $corpus_root/.complete ]]; then
    rm -rf "$corpus_root" "$corpus_root.calibrate"
    mkdir -p "$(dirname "$corpus_root")"
    # Conversation i depends only on the seed and i, so a calibration run on the first
    # conversations says how many make up the requested size.
    sample=20000
    "$bin" synth --out "$corpus_root.calibrate" --conversations $sample --seed "$seed" \
        --format "$format" 2>"$corpus_root.calibrate.txt"
    sample_bytes=$(grep -o '[0-9]* bytes' "$corpus_root.calibrate.txt" | cut -d' ' -f1)
    rm -rf "$corpus_root.calibrate" "$corpus_root.calibrate.txt"
    # 4% over (the length distribution has a long tail), so that the corpus is at least
    # about the size asked for; the report states the bytes actually written.
    n=$(((target_bytes * 104 / 100) * sample / sample_bytes + 1))
    echo "e2e: generating $n conversations ($size_arg, $format, seed $seed) into $corpus_root" >&2
    synth_started=$(date +%s.%N)
    "$bin" synth --out "$corpus_root" --conversations "$n" --seed "$seed" --format "$format" \
        2>"$corpus_root.summary.tmp"
    synth_ended=$(date +%s.%N)
    awk -v a="$synth_started" -v b="$synth_ended" 'BEGIN { printf "synth_seconds %.1f\n", b - a }' \
        >>"$corpus_root.summary.tmp"
    mv "$corpus_root.summary.tmp" "$corpus_root/summary.txt"
    touch "$corpus_root/.complete"
fi
summary=$(head -1 "$corpus_root/summary.txt")
conversations=$(echo "$summary" | grep -o '[0-9]* conversations' | cut -d' ' -f1)
messages=$(echo "$summary" | grep -o '[0-9]* messages' | cut -d' ' -f1)
bytes=$(echo "$summary" | grep -o '[0-9]* bytes' | cut -d' ' -f1)
files=$(echo "$summary" | grep -o '[0-9]* files' | cut -d' ' -f1)
echo "e2e: corpus $corpus: $summary" >&2

phrases=$PWD/target/e2e-phrases.txt
"$bin" lexicon phrases >"$phrases"
phrase_count=$(wc -l <"$phrases")

# --- commands ----------------------------------------------------------------------------
names=(groomscan rg rg-i)
cmds=(
    "$bin scan --format json -o /dev/null ${threads_flag[*]} $corpus"
    "rg -c -F -f $phrases $corpus"
    "rg -c -F -i -f $phrases $corpus"
)
case_dir=$PWD/target/e2e-case
if [[ "${E2E_INDEX:-0}" == 1 ]]; then
    # A fresh case each time: indexing files a case already holds is a no-op.
    names+=(index bare-tantivy)
    cmds+=("$bin index ${threads_flag[*]} --case $case_dir $corpus"
        "$PWD/target/e2e-bin/bare_tantivy $case_dir groomscan $corpus")
fi

results=$PWD/target/e2e-results.md
log=$PWD/target/e2e-times.tsv
: >"$log"

machine() {
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
    echo "- memory (free -g): $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
    if [[ -n "${E2E_BIN:-}" ]]; then
        echo "- groomscan: $($bin --version), the binary $E2E_BIN (not built by this script)"
    else
        echo "- groomscan: $($bin --version), built from $(git describe --always --dirty 2>/dev/null || echo '?'), rustc $(rustc --version | cut -d' ' -f2)"
    fi
    echo "- ripgrep: $(rg --version | head -1), hyperfine: $(hyperfine --version | cut -d' ' -f2)"
}

load_before=$(uptime)

# Warm-up: one untimed run of each. The groomscan run writes JSONL (one conversation a
# line, so the check below streams it) and must exit 0 (every input read, no errors).
check=$PWD/target/e2e-scan.jsonl
echo "e2e: warm-up (untimed)" >&2
set +e
$bin scan --format jsonl -o "$check" "${threads_flag[@]}" "$corpus"
code=$?
set -e
if [[ $code -ne 0 ]]; then
    echo "e2e: groomscan scan exited $code on the corpus" >&2
    exit 1
fi
if command -v python3 >/dev/null; then
    python3 - "$check" "$conversations" "$messages" <<'EOF'
import json, sys
convs = msgs = 0
with open(sys.argv[1]) as f:
    for line in f:
        convs += 1
        msgs += json.loads(line)["messages"]
assert (convs, msgs) == (int(sys.argv[2]), int(sys.argv[3])), (convs, msgs, sys.argv[2:])
print(f"e2e: checked scan output: {convs} conversations, {msgs} messages", file=sys.stderr)
EOF
fi
rm -f "$check"
for i in 1 2; do
    ${cmds[$i]} >/dev/null || true
done
rm -rf "$case_dir"

# Timed rounds, alternating: round r runs groomscan, rg, rg -i in turn.
for ((r = 1; r <= rounds; r++)); do
    for i in "${!cmds[@]}"; do
        out=$(mktemp)
        # %e wall seconds, %M peak RSS in KiB, %U user seconds, %S system seconds
        /usr/bin/time -f "%e %M %U %S" -o "$out" ${cmds[$i]} >/dev/null || true
        rm -rf "$case_dir"
        # The last line (GNU time puts "Command exited with non-zero status" before it).
        read -r wall rss user sys < <(tail -1 "$out")
        rm -f "$out"
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "${names[$i]}" "$wall" "$rss" "$user" "$sys" >>"$log"
        echo "e2e: round $r ${names[$i]}: ${wall}s, peak RSS $((rss / 1024)) MiB" >&2
    done
done

load_after=$(uptime)

if [[ "${E2E_HYPERFINE:-0}" == 1 ]]; then
    hyperfine --warmup 0 --runs "$rounds" --export-markdown "$PWD/target/e2e-hyperfine.md" \
        -n groomscan "${cmds[0]}" -n rg "${cmds[1]} >/dev/null" -n rg-i "${cmds[2]} >/dev/null" >&2
fi

# --- report ------------------------------------------------------------------------------
{
    echo "### End-to-end: $size_arg $format corpus, seed $seed"
    echo
    machine
    echo "- load before: ${load_before#*load average: }; after: ${load_after#*load average: }"
    echo "- corpus: $conversations conversations, $messages messages, $bytes bytes in $files files ($corpus)"
    echo "- phrases: $phrase_count literal phrases from \`groomscan lexicon phrases\`"
    echo "- rounds: $rounds, alternating, after one untimed warm-up run of each (corpus in the page cache)"
    echo
    echo "| command | median wall s | min s | max s | MB/s | messages/s | peak RSS MiB | user+sys s |"
    echo "|---|---|---|---|---|---|---|---|"
    awk -F'\t' -v bytes="$bytes" -v msgs="$messages" '
        { w[$2] = w[$2] " " $3; if ($4 > rss[$2]) rss[$2] = $4; cpu[$2] = cpu[$2] " " ($5 + $6) }
        function median(list,   a, n, i, j, t) {
            n = split(list, a, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
            return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        function minmax(list, want,   a, n, i, m) {
            n = split(list, a, " "); m = a[1]
            for (i = 2; i <= n; i++) if ((want == "min" && a[i] + 0 < m + 0) || (want == "max" && a[i] + 0 > m + 0)) m = a[i]
            return m
        }
        END {
            n = split("groomscan rg rg-i index bare-tantivy", order, " ")
            for (k = 1; k <= n; k++) {
                c = order[k]; if (!(c in rss)) continue
                m = median(w[c])
                printf "| %s | %.2f | %.2f | %.2f | %.0f | %s | %.0f | %.1f |\n", c, m, minmax(w[c], "min"), minmax(w[c], "max"), bytes / 1e6 / m, (c != "rg" && c != "rg-i" ? sprintf("%.0f", msgs / m) : "-"), rss[c] / 1024, median(cpu[c])
            }
        }' "$log"
    echo
    awk -F'\t' '
        { t[$1, $2] = $3; if ($1 > n) n = $1 }
        END {
            for (r = 1; r <= n; r++) {
                a = t[r, "groomscan"] / t[r, "rg"]; b = t[r, "groomscan"] / t[r, "rg-i"]
                ra = ra " " sprintf("%.2f", a); rb = rb " " sprintf("%.2f", b)
            }
            printf "- time ratio groomscan / rg (case-sensitive), per round:%s\n", ra
            printf "- time ratio groomscan / rg -i, per round:%s\n", rb
            if ((1, "index") in t) {
                for (r = 1; r <= n; r++) rc = rc " " sprintf("%.0f%%", 100 * t[r, "bare-tantivy"] / t[r, "index"])
                printf "- groomscan index rate as a share of the bare tantivy rate (bare time / index time), per round:%s\n", rc
            }
        }' "$log"
    echo
    echo "Commands (CORPUS = $corpus, PHRASES = $phrases):"
    echo
    echo '```'
    echo "groomscan scan --format json -o /dev/null ${threads_flag[*]} CORPUS"
    echo "rg -c -F -f PHRASES CORPUS"
    echo "rg -c -F -i -f PHRASES CORPUS"
    if [[ "${E2E_INDEX:-0}" == 1 ]]; then
        echo "groomscan index ${threads_flag[*]} --case NEW_DIR CORPUS"
        echo "bare_tantivy NEW_DIR groomscan CORPUS    # examples/bare_tantivy.rs"
    fi
    echo '```'
} | tee "$results"

if [[ "${E2E_PERF:-0}" == 1 ]] && command -v perf >/dev/null; then
    sub=$(find "$corpus" -mindepth 1 -maxdepth 1 | sort | head -20)
    # shellcheck disable=SC2086
    perf record -F 499 -g -o "$PWD/target/e2e-perf.data" -- \
        "$bin" scan --format json -o /dev/null "${threads_flag[@]}" $sub 2>/dev/null
    perf report -i "$PWD/target/e2e-perf.data" --stdio --no-children --percent-limit 1.5 \
        2>/dev/null | grep -v '^$' | head -80
fi
