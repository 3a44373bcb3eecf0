#!/usr/bin/env bash
# The pipeline benchmark (issue 4): a filtering, field-cutting, aggregating
# sluice program against the same job as a shell pipe and as idiomatic Python,
# and the peak memory of pipelines on a 1 GiB input. Run from anywhere; paths
# are relative to the repository root.
#
#   Benchmarks/pipeline.sh [--size MB] [--bin PATH] [--runs N] [--scratch-path DIR]
#
# See Benchmarks/README.md for what it prints and how to read it.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: Benchmarks/pipeline.sh [--size MB] [--bin PATH] [--runs N] [--scratch-path DIR]

  --size MB           size of the generated access log in MiB (default 256);
                      the memory table also uses it concatenated 4 times
  --bin PATH          sluice binary to measure (default: build
                      `swift build -c release --static-swift-stdlib` in the
                      repo root and use its .build/release/sluice)
  --runs N            hyperfine runs per command (default 3, minimum 3)
  --scratch-path DIR  build directory for the default build (default .build)

Data goes to bench-data/ at the repo root (gitignored; shared with
compare.sh) and is reused when it was generated with the same size and
generator; hyperfine JSON and logs go to bench-data/results/.
EOF
}

# Options, repo root and bench-data/, tools, the binary: see common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_parse_args 3 "$@"
bench_enter_root pipeline-
bench_require_tools "apt-get install -y hyperfine time" hyperfine gzip zcat python3 grep awk sort uniq head
bench_sluice_binary

# ---------------------------------------------------------------- data
# make_log (common.sh) writes the same files and stamps for both scripts.
make_log "$SIZE_MB"
BIG="$DATA/access-${SIZE_MB}MB.log"

# The memory table's big input: the log 4 times over (plain), 1 GiB by default.
QUAD="$DATA/access-${SIZE_MB}MBx4.log"
want_quad="gen=$GEN_SUM size_mb=$SIZE_MB x4"
if [[ -f "$QUAD" && -f "$QUAD.stamp" && "$(cat "$QUAD.stamp")" == "$want_quad" ]]; then
  log "== reusing $QUAD"
else
  rm -f "$QUAD.stamp"
  log "== writing $QUAD (4 x $(basename "$BIG"))"
  cat "$BIG" "$BIG" "$BIG" "$BIG" >"$QUAD.tmp"
  mv "$QUAD.tmp" "$QUAD"
  printf '%s' "$want_quad" >"$QUAD.stamp"
fi

BIG_BYTES=$(stat -c %s "$BIG")
QUAD_BYTES=$(stat -c %s "$QUAD")
mibs() { awk -v b="$1" 'BEGIN{printf "%.0f MiB", b/1048576}'; }

S="$(q "$BIN")"
B="$(q "$BIG")"
# The real interpreter: a pyenv shim in front of python3 costs ~50 ms a start.
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
PY="$(q "$PYTHON") $(q "$BENCH_DIR/pipeline_reference.py")"

PROGRAM='grep -F " 500 " | fields 7 | count-by | head 10'
SLUICE_GZ="$S '$PROGRAM' $B.gz"
SHELL_GZ="zcat $B.gz | grep -F \" 500 \" | awk '{print \$7}' | sort | uniq -c | sort -rn | head"
PYTHON_GZ="$PY $B.gz"
SLUICE_PL="$S '$PROGRAM' $B"
SHELL_PL="grep -F \" 500 \" $B | awk '{print \$7}' | sort | uniq -c | sort -rn | head"

echo
echo "sluice:  $BIN"
echo "input:   $(basename "$BIG"): $BIG_BYTES bytes, $(wc -l <"$BIG") lines; .gz: $(stat -c %s "$BIG.gz") bytes"
echo "machine: $(nproc) cores, $(uname -srm); $(python3 --version 2>&1); awk is $(basename "$(readlink -f "$(command -v awk)")"); LC_ALL=${LC_ALL:-} LANG=${LANG:-}"
echo "timing:  hyperfine --runs $RUNS --warmup $WARMUP, medians"

# ---------------------------------------------------------------- sanity
# The three must name the same top ten before their times mean anything.
# Layouts differ (uniq -c pads the count; sluice and Python write
# COUNT<TAB>PATH), and so does the order of equal counts (sluice: by path;
# sort -rn: reverse bytewise; Python: first seen): the counts must be the
# same list, and the paths the same for every count above the tenth one.
echo
echo "## Sanity: the same top ten from all three (F.gz)"
# Each through bash -c like hyperfine's shell, without this script's pipefail
# (the shell pipe's `sort -rn` dies of SIGPIPE when `head` is done).
set +e
bash -c "$SLUICE_GZ" >"$RESULTS/top-sluice.txt" 2>"$RESULTS/top-sluice.err"; st_s=$?
bash -c "$SHELL_GZ" >"$RESULTS/top-shell.txt" 2>/dev/null; st_p=$?
bash -c "$PYTHON_GZ" >"$RESULTS/top-python.txt" 2>"$RESULTS/top-python.err"; st_y=$?
set -e
python3 - "$RESULTS/top-sluice.txt" "$RESULTS/top-shell.txt" "$RESULTS/top-python.txt" \
  "$st_s" "$st_p" "$st_y" <<'PY'
import re, sys

def read(path):
    rows = []
    for line in open(path, "rb").read().decode("latin-1").splitlines():
        m = re.match(r"^\s*(\d+)[\t ](.*)$", line)
        rows.append((int(m.group(1)), m.group(2)) if m else (None, line))
    return rows

names = ["sluice", "shell pipe", "python"]
tops = [read(p) for p in sys.argv[1:4]]
statuses = sys.argv[4:7]
ref = sorted(tops[1], key=lambda r: (-(r[0] or 0), r[1]))
floor = ref[-1][0] if ref else 0
def key_set(rows):
    return sorted(r for r in rows if r[0] is not None and r[0] > floor)
for name, rows, st in zip(names, tops, statuses):
    counts = sorted((r[0] or 0 for r in rows), reverse=True)
    ok = (st == "0" and len(rows) == 10 and counts == [r[0] for r in ref]
          and key_set(rows) == key_set(ref))
    print("  %-12s %s (exit %s, %d rows)" % (name, "ok" if ok else "MISMATCH", st, len(rows)))
print("  top ten (sluice):")
for count, key in tops[0]:
    print("    %8s  %s" % (count, key))
PY

# ---------------------------------------------------------------- timing
: >"$HF_LOG"

# rss_cmd CMD -> "KB EXIT" of one run of `bash -c CMD` under GNU time: the
# largest resident set of any one process of the command.
rss_cmd() { rss_of bash -c "$1"; }

mapfile -t t_gz < <(hf pipeline_gz "$SLUICE_GZ" "$SHELL_GZ" "$PYTHON_GZ")
mapfile -t t_pl < <(hf pipeline_plain "$SLUICE_PL" "$SHELL_PL")

log "== peak RSS of the timed commands"
r_s_gz=$(rss_cmd "$SLUICE_GZ"); r_p_gz=$(rss_cmd "$SHELL_GZ"); r_y_gz=$(rss_cmd "$PYTHON_GZ")
r_s_pl=$(rss_cmd "$SLUICE_PL"); r_p_pl=$(rss_cmd "$SHELL_PL")

echo
echo "## Throughput: sluice '$PROGRAM', median of $RUNS runs"
echo "ratio = peer median / sluice median (> 1: sluice is faster); peak RSS in MiB"
echo "(a shell pipe's RSS is its largest process's)"
echo
row_fmt='%-10s  %-56s  %10s  %10s  %6s  %8s  %-5s  %11s  %9s\n'
printf "$row_fmt" "input" "peer" "sluice (s)" "peer (s)" "ratio" "target" "met" "sluice RSS" "peer RSS"
printf "$row_fmt" "----------" "--------------------------------------------------------" "----------" "----------" "------" "--------" "-----" "-----------" "---------"
row() {  # row INPUT PEER SLUICE_S PEER_S TARGET SLUICE_RSS PEER_RSS
  local r met
  if [[ "$3" == FAIL || "$4" == FAIL ]]; then
    r="-"; met="-"
  else
    r=$(awk -v s="$3" -v p="$4" 'BEGIN{printf "%.2f", p/s}')
    if [[ "$5" == "-" ]]; then met="";
    elif awk -v r="$r" -v t="$5" 'BEGIN{exit !(r >= t)}'; then met=yes; else met=NO; fi
  fi
  local ts="$3" tp="$4"
  [[ "$ts" != FAIL ]] && ts=$(printf %.3f "$ts")
  [[ "$tp" != FAIL ]] && tp=$(printf %.3f "$tp")
  local target="$5"; [[ "$target" != "-" ]] && target=">= $5"
  printf "$row_fmt" "$1" "$2" "$ts" "$tp" "$r" "$target" "$met" "$(cell "$6")" "$(cell "$7")"
}
row "F.gz" "zcat | grep -F | awk | sort | uniq -c | sort -rn | head" "${t_gz[0]}" "${t_gz[1]}" 1.5 "$r_s_gz" "$r_p_gz"
row "F.gz" "python3 pipeline_reference.py (gzip.open, Counter)" "${t_gz[0]}" "${t_gz[2]}" 2.5 "$r_s_gz" "$r_y_gz"
row "F" "grep -F | awk | sort | uniq -c | sort -rn | head" "${t_pl[0]}" "${t_pl[1]}" - "$r_s_pl" "$r_p_pl"
echo
echo "F = $(basename "$BIG") ($(mibs "$BIG_BYTES") decoded); targets from issue 4: >= 1.5x the shell pipe and"
echo ">= 2.5x Python on F.gz (the plain row has no target: it shows what is left without inflate)"

# ---------------------------------------------------------------- memory
log "== peak RSS on $(basename "$QUAD")"
LIMIT_KB=$((12 * 1024))
echo
echo "## Peak RSS (MiB, GNU time 'Maximum resident set size') of sluice, F vs 4F (plain)"
echo "F = $(basename "$BIG") ($(mibs "$BIG_BYTES")), 4F = $(basename "$QUAD") ($(mibs "$QUAD_BYTES"))"
echo
mfmt='%-48s  %9s  %9s  %8s  %s\n'
printf "$mfmt" "program" "F" "4F" "4F - F" "<= 12 MiB"
printf "$mfmt" "------------------------------------------------" "---------" "---------" "--------" "---------"
for prog in 'grep -F x | fields 7 | head 100000' 'grep -v GET | cat' 'skip 5 | tail 10' \
            'count' 'grep -F " 500 " | fields 7 | count-by | head 10'; do
  a=$(rss "$prog" "$BIG"); b=$(rss "$prog" "$QUAD")
  d=$(awk -v x="${b% *}" -v y="${a% *}" 'BEGIN{printf "%+.1f", (x-y)/1024}')
  if [[ "${b#* }" == 0 && "${a#* }" == 0 ]] && (( ${a% *} <= LIMIT_KB && ${b% *} <= LIMIT_KB )); then ok=yes; else ok=NO; fi
  printf "$mfmt" "$prog" "$(cell "$a")" "$(cell "$b")" "$d" "$ok"
done

echo
echo "## count-by: memory follows the distinct keys, not the input (no target)"
echo
kfmt='%-28s  %12s  %9s  %9s  %8s\n'
printf "$kfmt" "program" "keys" "F" "4F" "4F - F"
printf "$kfmt" "----------------------------" "------------" "---------" "---------" "--------"
for prog in 'count-by 9' 'count-by 6' 'count-by 1' 'count-by 7' 'count-by 1,7'; do
  keys=$("$BIN" "$prog | count" "$BIG" 2>/dev/null || echo "?")
  a=$(rss "$prog" "$BIG"); b=$(rss "$prog" "$QUAD")
  d=$(awk -v x="${b% *}" -v y="${a% *}" 'BEGIN{printf "%+.1f", (x-y)/1024}')
  printf "$kfmt" "$prog" "$keys" "$(cell "$a")" "$(cell "$b")" "$d"
done
echo
echo "(fields: 1 client address, 6 method, 7 path, 9 status; 4F repeats F, so it has F's keys)"
echo
echo "raw results: $RESULTS/pipeline-*.json, $RESULTS/pipeline-hyperfine.log, $RESULTS/top-*.txt"
