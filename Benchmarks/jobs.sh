#!/usr/bin/env bash
# -j N over several files (issue 5 item 5): four gzip access logs read with
# -j 1 and -j 2, timed by hyperfine on three programs, with the speed-up
# against the target (-j 2 at least 1.6x faster), a check that both write the
# same bytes (md5), and the peak RSS of each run on those files and on files
# an eighth of their size (memory must not grow with the files). Then the
# same programs over one plain file (the four decoded and joined), which -j 2
# reads in pieces on two threads. Run from
# anywhere; paths are relative to the repository root.
#
#   Benchmarks/jobs.sh [--size MB] [--bin PATH] [--runs N] [--scratch-path DIR]
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: Benchmarks/jobs.sh [--size MB] [--bin PATH] [--runs N] [--scratch-path DIR]

  --size MB           decoded size of each of the four access logs in MiB
                      (default 64)
  --bin PATH          sluice binary to measure (default: build
                      `swift build -c release --static-swift-stdlib` in the
                      repo root and use its release/sluice)
  --runs N            hyperfine runs per command (default 5, minimum 3)
  --scratch-path DIR  build directory for the default build (default .build)

The logs are bench-data/jobs-access-<MB>MB-<N>.log.gz (N = 1..4, generated
with seeds 1..4 by Benchmarks/gen_access_log.py, gzip -6) and the small ones
jobs-access-<MB>MB-<N>.small.gz (the first eighth of each); they are reused
while the generator and the size are unchanged. hyperfine JSON and logs go to
bench-data/results/jobs-*.
USAGE
}

# Options, repo root and bench-data/, tools, the binary: see common.sh. The
# files here are 64 MiB unless --size says otherwise.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size_given=no
for arg in "$@"; do [[ "$arg" == --size || "$arg" == --size=* ]] && size_given=yes; done
[[ "$size_given" == yes ]] || set -- --size 64 "$@"
bench_parse_args 3:5 "$@"
bench_enter_root jobs-
bench_require_tools "make bench-setup (apt-get install -y hyperfine time python3)" \
  hyperfine gzip md5sum python3 awk head nproc
bench_sluice_binary

# ---------------------------------------------------------------- data
BIG=() SMALL=()
for n in 1 2 3 4; do
  f="$DATA/jobs-access-${SIZE_MB}MB-$n"
  want="gen=$GEN_SUM size_mb=$SIZE_MB seed=$n"
  if [[ -f "$f.log.gz" && -f "$f.small.gz" && -f "$f.stamp" && "$(cat "$f.stamp")" == "$want" ]]; then
    log "== reusing $f.log.gz"
  else
    rm -f "$f.stamp"
    log "== generating $f.log.gz (${SIZE_MB} MiB decoded, seed $n, gzip -6) and $f.small.gz"
    python3 "$GEN" --size-mb "$SIZE_MB" --seed "$n" -o "$f.tmp"
    gzip -6 -n -c "$f.tmp" >"$f.log.gz.tmp"
    head -c "$((SIZE_MB * 1048576 / 8))" "$f.tmp" | gzip -6 -n >"$f.small.gz.tmp"
    mv "$f.log.gz.tmp" "$f.log.gz"
    mv "$f.small.gz.tmp" "$f.small.gz"
    rm -f "$f.tmp"
    printf '%s' "$want" >"$f.stamp"
  fi
  BIG+=("$f.log.gz")
  SMALL+=("$f.small.gz")
done
# One plain file: the four logs decoded and joined.
PLAIN="$DATA/jobs-access-${SIZE_MB}MBx4.log"
want="gen=$GEN_SUM size_mb=$SIZE_MB joined"
if [[ -f "$PLAIN" && -f "$PLAIN.stamp" && "$(cat "$PLAIN.stamp")" == "$want" ]]; then
  log "== reusing $PLAIN"
else
  log "== joining the four logs into $PLAIN"
  gzip -dc "${BIG[@]}" >"$PLAIN.tmp"
  mv "$PLAIN.tmp" "$PLAIN"
  printf '%s' "$want" >"$PLAIN.stamp"
fi

NEEDLE=' 500 '
PROGRAMS=('count' "grep -F \"$NEEDLE\" | count" 'fields 9 | count-by')
# For peak RSS also pipelines that write records (the 12 MiB budget is for
# those), not just aggregates.
RSS_PROGRAMS=("${PROGRAMS[@]}" 'cat' "grep -F \"$NEEDLE\" | fields 7")
TARGET=1.6

files() { local f; for f in "$@"; do printf ' %s' "$(q "$f")"; done; }
command_for() {  # command_for JOBS PROGRAM FILE... -> a shell command line
  local jobs="$1" program="$2"; shift 2
  printf '%s -j %s %s%s' "$(q "$BIN")" "$jobs" "$(sq "$program")" "$(files "$@")"
}

echo
echo "sluice:  $BIN"
zbytes=0
for f in "${BIG[@]}"; do
  zbytes=$((zbytes + $(stat -c %s "$f")))
done
echo "input:   4 gzip access logs of $SIZE_MB MiB decoded each ($(basename "${BIG[0]}") ...), $(awk -v z="$zbytes" 'BEGIN{printf "%.1f", z/1048576}') MiB compressed in all"
echo "machine: $(nproc) cores online, $(uname -srm); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "         and $(basename "$PLAIN"), the four decoded and joined ($(stat -c %s "$PLAIN") bytes)"
echo "timing:  hyperfine --runs $RUNS --warmup $WARMUP, medians"

# ---------------------------------------------------------------- same output
echo
echo "## Same output with -j 1 and -j 2 (md5 of stdout, exit status)"
MISMATCHES=0
same_output() {  # same_output LABEL PROGRAM FILE...
  local label="$1" p="$2" sums=() j sum st; shift 2
  for j in 1 2; do
    set +e
    sum=$(bash -c "$(command_for "$j" "$p" "$@")" 2>"$RESULTS/jobs-stderr-$j.txt" | md5sum | cut -c1-16; exit "${PIPESTATUS[0]}")
    st=$?
    set -e
    sums+=("$sum exit $st stderr $(md5sum <"$RESULTS/jobs-stderr-$j.txt" | cut -c1-8)")
  done
  if [[ "${sums[0]}" == "${sums[1]}" ]]; then verdict="same"; else verdict="DIFFERENT"; MISMATCHES=$((MISMATCHES + 1)); fi
  printf '  %-5s  %-34s  -j 1: %-40s  -j 2: %-40s  %s\n' "$label" "$p" "${sums[0]}" "${sums[1]}" "$verdict"
}
for p in "${RSS_PROGRAMS[@]}"; do same_output gz "$p" "${BIG[@]}"; done
for p in "${RSS_PROGRAMS[@]}"; do same_output plain "$p" "$PLAIN"; done

# ---------------------------------------------------------------- timing
: >"$HF_LOG"
declare -A T1 T2
for p in "${PROGRAMS[@]}"; do
  name="jobs-$(printf '%s' "$p" | tr -c 'a-z0-9' '-' | tr -s '-')"
  mapfile -t t < <(hf "$name" "$(command_for 1 "$p" "${BIG[@]}")" "$(command_for 2 "$p" "${BIG[@]}")")
  T1[gz,$p]="${t[0]}"
  T2[gz,$p]="${t[1]}"
  mapfile -t t < <(hf "$name-plain" "$(command_for 1 "$p" "$PLAIN")" "$(command_for 2 "$p" "$PLAIN")")
  T1[plain,$p]="${t[0]}"
  T2[plain,$p]="${t[1]}"
done

# ---------------------------------------------------------------- memory
log "== peak RSS"
declare -A R
for p in "${RSS_PROGRAMS[@]}"; do
  for j in 1 2; do
    R[$p,$j,small]=$(rss_of bash -c "exec $(command_for "$j" "$p" "${SMALL[@]}") >/dev/null")
    R[$p,$j,big]=$(rss_of bash -c "exec $(command_for "$j" "$p" "${BIG[@]}") >/dev/null")
    R[$p,$j,plain]=$(rss_of bash -c "exec $(command_for "$j" "$p" "$PLAIN") >/dev/null")
  done
done

speedup_table() {  # speedup_table SET TARGET: the table of SET (gz or plain); TARGET "-" for none
  local set="$1" target="$2" p ratio met
  local tfmt='%-34s  %9s  %9s  %8s  %6s  %-4s\n'
  printf "$tfmt" "program" "-j 1 s" "-j 2 s" "speed-up" "target" "met"
  printf "$tfmt" "----------------------------------" "---------" "---------" "--------" "------" "----"
  for p in "${PROGRAMS[@]}"; do
    read -r ratio met < <(awk -v a="${T1[$set,$p]}" -v b="${T2[$set,$p]}" -v t="$target" 'BEGIN {
      if (a == "FAIL" || b == "FAIL") { print "- -"; exit }
      r = sprintf("%.2f", a / b); print r, (t == "-" ? "." : (r + 0 >= t + 0 ? "yes" : "NO")) }')
    [[ "$met" == . ]] && met=""
    printf "$tfmt" "$p" "${T1[$set,$p]}" "${T2[$set,$p]}" "$ratio" "$target" "$met"
  done
}

echo
echo "## -j 2 against -j 1, four files, median of $RUNS runs"
echo "speed-up = -j 1 median / -j 2 median; target: at least $TARGET"
if (( MISMATCHES )); then echo "WARNING: $MISMATCHES program(s) wrote different output with -j 2"; fi
echo
speedup_table gz "$TARGET"
echo
echo "## -j 2 against -j 1, one plain file of $((4 * SIZE_MB)) MiB (read in pieces with -j 2), median of $RUNS runs"
echo
speedup_table plain -

echo
echo "## Peak RSS, MiB (GNU time), stdout to /dev/null"
echo "small: the four files cut to an eighth ($((SIZE_MB / 8)) MiB decoded each); big: $SIZE_MB MiB each;"
echo "plain: the one plain file of $((4 * SIZE_MB)) MiB."
echo "Budget: 12 MiB for pipelines that do not aggregate (cat, grep | fields)."
echo
rfmt='%-34s  %10s  %10s  %10s  %10s  %11s  %11s\n'
printf "$rfmt" "program" "-j 1 small" "-j 1 big" "-j 2 small" "-j 2 big" "-j 1 plain" "-j 2 plain"
printf "$rfmt" "----------------------------------" "----------" "----------" "----------" "----------" \
  "-----------" "-----------"
for p in "${RSS_PROGRAMS[@]}"; do
  printf "$rfmt" "$p" "$(cell "${R[$p,1,small]}")" "$(cell "${R[$p,1,big]}")" \
    "$(cell "${R[$p,2,small]}")" "$(cell "${R[$p,2,big]}")" "$(cell "${R[$p,1,plain]}")" \
    "$(cell "${R[$p,2,plain]}")"
done
echo
echo "hyperfine output: $HF_LOG"
