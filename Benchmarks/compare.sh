#!/usr/bin/env bash
# Side-by-side benchmark of sluice against the standard tools and idiomatic
# Python: one throughput table over every workload (gzip and plain access
# log, a JSON-lines log, a multi-line Java log) with issue 5's targets, then
# peak-RSS and early-exit (`| head -1`) checks. Run from anywhere; paths are
# relative to the repository root.
#
#   Benchmarks/compare.sh [--size MB] [--bin PATH] [--runs N] [--scratch-path DIR]
#
# See Benchmarks/README.md for what it prints and how to read it.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: Benchmarks/compare.sh [--size MB] [--bin PATH] [--runs N] [--scratch-path DIR]

  --size MB           size of the generated logs in MiB (default 256): the
                      access log, the JSON-lines log and the Java log
  --bin PATH          sluice binary to measure (default: build
                      `swift build -c release --static-swift-stdlib` in the
                      repo root and use its .build/release/sluice)
  --runs N            hyperfine runs per command (default 5, minimum 3)
  --scratch-path DIR  build directory for the default build (default .build)

Data goes to bench-data/ at the repo root (gitignored) and is reused when it
was generated with the same size and generator; hyperfine JSON and logs go to
bench-data/results/.
USAGE
}

# Options, repo root and bench-data/, tools, the binary: see common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_parse_args 3:5 "$@"
bench_enter_root
bench_require_tools "make bench-setup (apt-get install -y hyperfine pigz isal ripgrep mawk time python3 jq)" \
  hyperfine pigz igzip rg mawk awk gzip grep sort uniq md5sum python3 wc cat head jq
bench_sluice_binary

# ---------------------------------------------------------------- data
SMALL_MB=10
make_log "$SMALL_MB"
[[ "$SIZE_MB" != "$SMALL_MB" ]] && make_log "$SIZE_MB"
make_data json "$SIZE_MB" "$BENCH_DIR/gen_json_log.py" "$BENCH_DIR/gen_common.py"
make_data java "$SIZE_MB" "$BENCH_DIR/gen_java_log.py" "$BENCH_DIR/gen_common.py"
SMALL="$DATA/access-${SMALL_MB}MB.log"
BIG="$DATA/access-${SIZE_MB}MB.log"
JSON="$DATA/json-${SIZE_MB}MB.log"
JAVA="$DATA/java-${SIZE_MB}MB.log"

BOMB="$DATA/zeros-1GiB.gz"
if [[ -f "$BOMB" && -f "$BOMB.stamp" ]]; then
  log "== reusing $BOMB"
else
  log "== generating $BOMB (1 GiB of zero bytes, gzip -6, no newline)"
  head -c 1G /dev/zero | gzip -6 >"$BOMB.tmp"
  mv "$BOMB.tmp" "$BOMB"
  touch "$BOMB.stamp"
fi
EMPTY="$DATA/empty.log"
: >"$EMPTY"

# The interpreter itself: a pyenv shim in front of it costs ~50 ms a run.
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
BIG_BYTES=$(stat -c %s "$BIG")
declare -A BYTES=([F]="$BIG_BYTES" [J]="$(stat -c %s "$JSON")" [K]="$(stat -c %s "$JAVA")")

echo
# The binary and its inflate backends (issue 5 sets targets for each).
echo "sluice:  $BIN ($("$BIN" --version))"
for x in F:"$BIG" J:"$JSON" K:"$JAVA"; do
  f="${x#*:}"; b=$(stat -c %s "$f"); z=$(stat -c %s "$f.gz")
  printf 'input:   %s = %s: %s bytes, %s lines; .gz: %s bytes (ratio %s:1)\n' "${x%%:*}" "$(basename "$f")" \
    "$b" "$(wc -l <"$f")" "$z" "$(awk -v a="$b" -v c="$z" 'BEGIN{printf "%.1f", a/c}')"
done
echo "python:  $PYTHON ($("$PYTHON" --version 2>&1))"
echo "machine: $(nproc) cores, $(uname -srm); awk is $(basename "$(readlink -f "$(command -v awk)")"); LC_ALL=${LC_ALL:-} LANG=${LANG:-}"
echo "timing:  hyperfine --runs $RUNS --warmup $WARMUP, medians"

# ---------------------------------------------------------------- workloads
# Each workload is one sluice command and its peers, written with
# placeholders: @S@ sluice, @F@ / @J@ / @K@ the access / JSON / Java log
# (plain; add .gz), @PY@ `python3 Benchmarks/python_filter.py`. run_form
# fills in the real paths, show_form short names for the legend. NORM says
# how outputs are compared before timing: num (the first word of the
# output), pairs (COUNT KEY lines in any layout and order), bytes (the
# whole output). A peer's TARGET is issue 5's minimum for peer / sluice.
NEEDLE=' 500 '
REGEX='GET /api/v1/[a-z]+/[0-9]+/[a-z]+'
JSON_NEEDLE='"status":500'
START='^\d{4}-\d\d-\d\d '
AWK_START='^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] '
NPE=NullPointerException

W=()                       # workload ids, in table order
declare -A W_INPUT W_LABEL W_NORM W_CMD
P_W=() P_LABEL=() P_TARGET=() P_CMD=()
workload() {  # workload ID INPUT NORM LABEL SLUICE_CMD
  W+=("$1"); W_INPUT[$1]="$2"; W_NORM[$1]="$3"; W_LABEL[$1]="$4"; W_CMD[$1]="$5"
}
peer() {  # peer LABEL TARGET CMD: a peer of the last workload; TARGET "-" for none
  P_W+=("${W[-1]}"); P_LABEL+=("$1"); P_TARGET+=("$2"); P_CMD+=("$3")
}
peers_of() {  # peers_of ID -> the indexes in P_* of its peers
  local i; for i in "${!P_W[@]}"; do [[ "${P_W[i]}" == "$1" ]] && echo "$i"; done; return 0
}
run_form() {
  local c="${1//@S@/$(q "$BIN")}"
  c="${c//@F@/$(q "$BIG")}"; c="${c//@J@/$(q "$JSON")}"; c="${c//@K@/$(q "$JAVA")}"
  printf '%s' "${c//@PY@/$(q "$PYTHON") $(q "$BENCH_DIR/python_filter.py")}"
}
show_form() {
  local c="${1//@S@/sluice}"
  c="${c//@F@/F}"; c="${c//@J@/J}"; c="${c//@K@/K}"
  printf '%s' "${c//@PY@/python3 Benchmarks/python_filter.py}"
}

# Issue 5's gzip targets are set per backend: zlib's against gzip and Python,
# ISA-L's against igzip and Python (when the binary has ISA-L: --version).
workload count_gz F.gz num 'count (zlib)' "@S@ --inflate zlib count @F@.gz"
peer 'gzip -dc F.gz | wc -l' 2.0 "gzip -dc @F@.gz | wc -l"
peer 'python: sum(1 for _ in gzip.open)' 3.0 "@PY@ count @F@.gz"
workload grep_gz F.gz num 'grep -F " 500 " | count (zlib)' \
  "@S@ --inflate zlib $(sq "grep -F \"$NEEDLE\" | count") @F@.gz"
peer 'gzip -dc F.gz | grep -cF " 500 "' 2.0 "gzip -dc @F@.gz | grep -cF $(sq "$NEEDLE")"
peer 'rg -z -cF " 500 " F.gz' - "rg -z -cF $(sq "$NEEDLE") @F@.gz"
peer "python: sum(.. if b' 500 ' in l)" 3.0 "@PY@ grep $(sq "$NEEDLE") @F@.gz"
if "$BIN" --version | grep -q ISA-L; then
  workload count_gz_isal F.gz num 'count (isal)' "@S@ --inflate isal count @F@.gz"
  # igzip's own speed, writing nothing: the same as the cat row's igzip peer.
  peer 'igzip -dc F.gz >/dev/null' 0.85 "igzip -dc @F@.gz >/dev/null"
  peer 'python: sum(1 for _ in gzip.open)' - "@PY@ count @F@.gz"
  workload grep_gz_isal F.gz num 'grep -F " 500 " | count (isal)' \
    "@S@ --inflate isal $(sq "grep -F \"$NEEDLE\" | count") @F@.gz"
  peer "python: sum(.. if b' 500 ' in l)" 6.0 "@PY@ grep $(sq "$NEEDLE") @F@.gz"
fi
# Issue 7: the progress line must cost nothing measurable (it is drawn by a
# thread of its own; the readers only add to counters once per buffer).
workload progress_gz F.gz num 'count --progress (zlib)' "@S@ --inflate zlib --progress count @F@.gz 2>/dev/null"
peer 'sluice --no-progress count (zlib)' - "@S@ --inflate zlib --no-progress count @F@.gz"
workload cat_gz F.gz bytes 'cat >/dev/null' "@S@ cat @F@.gz"
peer 'gzip -dc F.gz' - "gzip -dc @F@.gz"
peer 'pigz -dc F.gz' - "pigz -dc @F@.gz"
peer 'igzip -dc F.gz' - "igzip -dc @F@.gz"
workload count_plain F num 'count' "@S@ count @F@"
peer 'wc -l F' 0.7 "wc -l @F@"
workload cat_plain F bytes 'cat >/dev/null' "@S@ cat @F@"
peer 'cat F' - "cat @F@"
workload grep_plain F num 'grep -F " 500 " | count' "@S@ $(sq "grep -F \"$NEEDLE\" | count") @F@"
peer 'rg -cF " 500 " F' 0.5 "rg -cF $(sq "$NEEDLE") @F@"
peer 'grep -cF " 500 " F' - "grep -cF $(sq "$NEEDLE") @F@"
workload fields_plain F bytes 'fields 7 >/dev/null' "@S@ 'fields 7' @F@"
peer "mawk '{print \$7}' F" 2.0 "mawk '{print \$7}' @F@"
workload countby_plain F pairs 'fields 9 | count-by' "@S@ 'fields 9 | count-by' @F@"
peer "mawk '{c[\$9]++} END{for(k in c)..}'" 2.0 "mawk '{c[\$9]++} END{for(k in c) print c[k] \"\\t\" k}' @F@"
peer "awk '{print \$9}' F | sort | uniq -c" - "awk '{print \$9}' @F@ | sort | uniq -c"
workload regex_plain F num 'grep RE | count' "@S@ $(sq "grep \"$REGEX\" | count") @F@"
peer 'grep -cE RE F' - "grep -cE $(sq "$REGEX") @F@"
peer "mawk '/RE/{n++} END{print n+0}' F" 1.0 "mawk $(sq "/${REGEX//\//\\/}/{n++} END{print n+0}") @F@"
workload json_gz J.gz num "grep -F '$JSON_NEEDLE' | count" "@S@ $(sq "grep -F '$JSON_NEEDLE' | count") @J@.gz"
peer "gzip -dc J.gz | grep -cF '$JSON_NEEDLE'" - "gzip -dc @J@.gz | grep -cF $(sq "$JSON_NEEDLE")"
peer "python: sum(.. if b'$JSON_NEEDLE' in l)" - "@PY@ grep $(sq "$JSON_NEEDLE") @J@.gz"
# json: the same bytes as jq -r (J's numbers are integers, written as jq writes them).
workload json_plain J bytes 'json .status >/dev/null' "@S@ 'json .status' @J@"
peer "jq -r '.status' J" 3.0 "jq -r '.status' @J@"
workload json2_plain J bytes 'json .status,.level >/dev/null' "@S@ 'json .status,.level' @J@"
peer "jq -r '[.status,.level]|@tsv' J" - "jq -r '[.status,.level]|@tsv' @J@"
workload java_gz K.gz num "records | grep -F NPE | count" \
  "@S@ $(sq "records --start \"$START\" | grep -F $NPE | count") @K@.gz"
peer 'gzip -dc K.gz | mawk (record counter)' - \
  "gzip -dc @K@.gz | mawk $(sq "/$AWK_START/{if(r~/$NPE/)n++; r=\$0; next} {r=r \"\\n\" \$0} END{if(r~/$NPE/)n++; print n+0}")"
peer 'python: records generator' - "@PY@ records $(sq "$START") $NPE @K@.gz"

# ---------------------------------------------------------------- sanity
# A fast benchmark of wrong output is worthless: check results first.
echo
echo "## Sanity (outputs must match the peers)"
check() {  # check LABEL GOT WANT
  if [[ "$2" == "$3" ]]; then printf '  %-44s ok (%s)\n' "$1" "$2"
  else printf '  %-44s MISMATCH: sluice=%s expected=%s\n' "$1" "$2" "$3"; fi
}
set +e
check "'lines | count' $(basename "$SMALL")" "$("$BIN" 'lines | count' "$SMALL" 2>/dev/null | tr -dc 0-9)" "$(wc -l <"$SMALL" | tr -dc 0-9)"
if "$BIN" cat "$SMALL.gz" 2>/dev/null | cmp -s - "$SMALL"; then cat_gz=identical; else cat_gz=different; fi
check "cat $(basename "$SMALL").gz vs original" "$cat_gz" identical
if "$BIN" cat "$SMALL" 2>/dev/null | cmp -s - "$SMALL"; then cat_pl=identical; else cat_pl=different; fi
check "cat $(basename "$SMALL") vs original" "$cat_pl" identical
set -e

# Every command of the table, once, on the timed input: its answer in the
# workload's NORM form must be sluice's.
norm_num() { awk 'NR == 1 { v = $1 } END { print v + 0 }'; }
norm_bytes() { md5sum | cut -c1-16; }
norm_pairs() {
  local f="$RESULTS/sanity-pairs.txt"
  awk '{ n = $1; sub(/^[ \t]*[0-9]+[ \t]/, ""); print n "\t" $0 }' | LC_ALL=C sort >"$f"
  echo "$(wc -l <"$f") keys, md5 $(md5sum <"$f" | cut -c1-12)"
}
answer() {  # answer NORM CMD -> the output of `bash -c CMD` in NORM form, and " (exit N)" if it failed
  local out st
  log "== sanity: $(show_form "$2")"
  out=$(bash -c "$(run_form "$2")" 2>"$RESULTS/sanity-stderr.txt" | "norm_$1"; exit "${PIPESTATUS[0]}") && st=0 || st=$?
  if (( st )); then echo "$out (exit $st)"; else echo "$out"; fi
}
MISMATCHES=0
declare -A ANSWER
sfmt='  %-5s  %-36s  %-40s  %s\n'
for id in "${W[@]}"; do
  want=$(answer "${W_NORM[$id]}" "${W_CMD[$id]}")
  ANSWER[$id]="$want"
  printf "$sfmt" "${W_INPUT[$id]}" "${W_LABEL[$id]}" "sluice" "$want"
  for i in $(peers_of "$id"); do
    if [[ "${P_CMD[i]}" == *">/dev/null" ]]; then
      printf "$sfmt" "" "" "${P_LABEL[i]}" "not compared (output discarded)"
      continue
    fi
    got=$(answer "${W_NORM[$id]}" "${P_CMD[i]}")
    if [[ "$got" == "$want" && "$want" != *"(exit"* ]]; then got="ok"
    else got="MISMATCH: $got"; MISMATCHES=$((MISMATCHES + 1)); fi
    printf "$sfmt" "" "" "${P_LABEL[i]}" "$got"
  done
done

# ---------------------------------------------------------------- timing
# Output through a pipe: with stdout on /dev/null, GNU grep -c stops at the
# first match. The 'bytes' rows redirect to /dev/null themselves.
HF_OUTPUT=pipe
: >"$HF_LOG"
declare -A T
for id in "${W[@]}"; do
  cmds=("${W_CMD[$id]}")
  for i in $(peers_of "$id"); do cmds+=("${P_CMD[i]}"); done
  redirect=""; [[ "${W_NORM[$id]}" == bytes ]] && redirect=" >/dev/null"
  for j in "${!cmds[@]}"; do cmds[j]="$(run_form "${cmds[j]}")$redirect"; done
  mapfile -t t < <(hf "$id" "${cmds[@]}")
  for j in "${!t[@]}"; do T[$id,$j]="${t[j]}"; done
done

log "== peak RSS of the sluice commands"
declare -A W_RSS
for id in "${W[@]}"; do
  redirect=""; [[ "${W_NORM[$id]}" == bytes ]] && redirect=" >/dev/null"
  W_RSS[$id]=$(rss_of bash -c "$(run_form "${W_CMD[$id]}")$redirect")
done

echo
echo "## Throughput, median of $RUNS runs (issue 5 targets; gzip rows with (zlib) or (isal) name the inflate backend, the rest use the default)"
echo "ratio = peer median / sluice median (> 1: sluice is faster); MiB/s = decoded MiB per second;"
echo "met: ratio >= target; sluice RSS: peak of one run, MiB"
if (( MISMATCHES )); then
  echo "WARNING: $MISMATCHES command(s) disagreed with sluice in the sanity check: their rows mean nothing"
fi
echo
tfmt='%-5s  %-36s  %-40s  %8s  %8s  %6s  %7s  %-4s  %7s  %7s  %6s\n'
printf "$tfmt" "input" "sluice program" "peer" "sluice s" "peer s" "ratio" "target" "met" "sluice" "peer" "sluice"
printf "$tfmt" "" "" "" "" "" "" "" "" "MiB/s" "MiB/s" "RSS"
printf "$tfmt" "-----" "------------------------------------" "----------------------------------------" \
  "--------" "--------" "------" "-------" "----" "-------" "-------" "------"
for id in "${W[@]}"; do
  k=0
  for i in $(peers_of "$id"); do
    k=$((k + 1))
    # One awk for the derived columns: ratio, met, both MiB/s.
    read -r ratio met ms mp < <(awk -v s="${T[$id,0]}" -v p="${T[$id,$k]}" -v t="${P_TARGET[i]}" \
      -v b="${BYTES[${W_INPUT[$id]:0:1}]}" 'BEGIN {
        if (s == "FAIL" || p == "FAIL") { print "- - - -"; exit }
        r = sprintf("%.2f", p / s)
        m = (t == "-") ? "" : ((r + 0 >= t + 0) ? "yes" : "NO")
        printf "%s %s %.0f %.0f\n", r, (m == "" ? "." : m), b / 1048576 / s, b / 1048576 / p }')
    [[ "$met" == . ]] && met=""
    target=""; [[ "${P_TARGET[i]}" != - ]] && target=">= ${P_TARGET[i]}"
    ts="${T[$id,0]}"; [[ "$ts" != FAIL ]] && ts=$(printf %.3f "$ts")
    tp="${T[$id,$k]}"; [[ "$tp" != FAIL ]] && tp=$(printf %.3f "$tp")
    printf "$tfmt" "${W_INPUT[$id]}" "${W_LABEL[$id]}" "${P_LABEL[i]}" "$ts" "$tp" "$ratio" "$target" "$met" \
      "$ms" "$mp" "$(cell "${W_RSS[$id]}")"
  done
done
echo
echo "F = $(basename "$BIG"), J = $(basename "$JSON"), K = $(basename "$JAVA") (MiB/s counts their decoded bytes)."
echo "NPE = $NPE; RE = $REGEX (matches $(awk -v m="${ANSWER[regex_plain]}" -v n="$(wc -l <"$BIG")" \
  'BEGIN{printf "%d of %d lines, %.1f%%", m, n, 100 * m / n}') of F)."
echo "The commands, as timed (each through the shell; output to /dev/null for the 'bytes' rows):"
for id in "${W[@]}"; do
  echo "  $(show_form "${W_CMD[$id]}")"
  for i in $(peers_of "$id"); do echo "    $(show_form "${P_CMD[i]}")"; done
done

# ---------------------------------------------------------------- memory
log "== peak RSS"
base=$(rss count "$EMPTY")
declare -A R
for prog in count cat; do
  R[$prog,plain,small]=$(rss "$prog" "$SMALL")
  R[$prog,plain,big]=$(rss "$prog" "$BIG")
  R[$prog,gz,small]=$(rss "$prog" "$SMALL.gz")
  R[$prog,gz,big]=$(rss "$prog" "$BIG.gz")
done
bomb=$(rss count "$BOMB")
bomb_err=$(head -c 300 "$RSS_STDERR" | tr '\n' ' ')
bomb_out=$("$BIN" count "$BOMB" 2>/dev/null | head -c 100 | tr '\n' ' ' || true)
# With a framing stage the single 1 GiB line must hit --max-record (an error,
# exit 65) with memory bounded by that limit, not by the line.
bomb_lines=$(rss 'lines | count' "$BOMB")
bomb_lines_err=$(head -c 300 "$RSS_STDERR" | tr '\n' ' ')

echo
echo "## Peak RSS (MiB, GNU time 'Maximum resident set size'), ${SMALL_MB} MiB vs ${SIZE_MB} MiB inputs"
echo "flat memory: 'big - small' should be ~0 (a few pages of noise)"
echo
rfmt='%-35s  %12s  %15s  %16s\n'
printf "$rfmt" "command" "${SMALL_MB} MiB input" "${SIZE_MB} MiB input" "big - small"
printf "$rfmt" "-----------------------------------" "------------" "---------------" "----------------"
printf "$rfmt" "sluice count <empty file>" "$(cell "$base")" "" "(baseline)"
for prog in count cat; do
  for kind in plain gz; do
    s="${R[$prog,$kind,small]}"; b="${R[$prog,$kind,big]}"
    d=$(awk -v a="${b% *}" -v c="${s% *}" 'BEGIN{printf "%+.1f", (a-c)/1024}')
    label="sluice $prog F"; [[ $kind == gz ]] && label="sluice $prog F.gz"
    printf "$rfmt" "$label" "$(cell "$s")" "$(cell "$b")" "$d"
  done
done
s="${R[count,gz,small]}"
d=$(awk -v a="${bomb% *}" -v c="${s% *}" 'BEGIN{printf "%+.1f", (a-c)/1024}')
printf "$rfmt" "sluice count zeros-1GiB.gz (bomb)" "" "$(cell "$bomb")" "$d vs small .gz"
d=$(awk -v a="${bomb_lines% *}" -v c="${s% *}" 'BEGIN{printf "%+.1f", (a-c)/1024}')
printf "$rfmt" "sluice 'lines | count' bomb" "" "$(cell "$bomb_lines")" "$d vs small .gz"
echo
echo "gzip bomb: 1 GiB of zero bytes in one unterminated line ($(stat -c %s "$BOMB") bytes compressed);"
echo "  sluice count printed: '${bomb_out% }', exit ${bomb#* }, stderr: '${bomb_err:-<none>}'"
echo "  sluice 'lines | count': exit ${bomb_lines#* }, stderr: '${bomb_lines_err:-<none>}'"

# ---------------------------------------------------------------- early exit
# `sluice cat F.gz | head -1`: head exits after one line; sluice should stop
# at once (not decode the rest) and exit quietly.
sigpipe="default"
if (( (0x$(awk '/^SigIgn/ {print $2}' /proc/$$/status) >> 12) & 1 )); then sigpipe="IGNORED (inherited)"; fi
echo
echo "## Early exit: sluice cat $(basename "$BIG").gz | head -1   (SIGPIPE disposition here: $sigpipe)"
echo
efmt='%-4s  %-26s  %9s  %-14s  %9s  %s\n'
printf "$efmt" "run" "command" "wall (ms)" "left exit" "head exit" "left stderr"
printf "$efmt" "----" "--------------------------" "---------" "--------------" "---------" "-----------"
early() {  # early RUN LABEL CMD...
  local run="$1" label="$2"; shift 2
  local errf="$RESULTS/early-stderr.txt" t0 t1 st
  set +e +o pipefail
  t0=$(date +%s%N)
  "$@" "$BIG.gz" 2>"$errf" | head -1 >/dev/null
  st=("${PIPESTATUS[@]}")
  t1=$(date +%s%N)
  set -e -o pipefail
  local err="<none>"
  if [[ -s "$errf" ]]; then err="$(head -c 160 "$errf" | tr '\n' ' ')"; fi
  local left="${st[0]}"
  (( st[0] > 128 )) && left="${st[0]} (SIG$(kill -l $((st[0] - 128)) 2>/dev/null || echo ?))"
  printf "$efmt" "$run" "$label" "$(( (t1 - t0) / 1000000 ))" "$left" "${st[1]}" "$err"
}
for i in 1 2 3 4 5; do early "$i" "sluice cat F.gz | head -1" "$BIN" cat; done
early ref "gzip -dc F.gz | head -1" gzip -dc
early ref "pigz -dc F.gz | head -1" pigz -dc
early ref "igzip -dc F.gz | head -1" igzip -dc
echo
echo "(for scale: full 'sluice cat F.gz >/dev/null' median was $(awk -v t="${T[cat_gz,0]}" 'BEGIN{ if (t=="FAIL") print "FAIL"; else printf "%.0f", t*1000}') ms)"
echo
echo "raw results: $RESULTS/*.json, $RESULTS/hyperfine.log"
