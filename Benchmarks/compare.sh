#!/usr/bin/env bash
# Side-by-side benchmark of sluice against the standard tools, plus peak-RSS
# and early-exit (`| head -1`) checks. Run from anywhere; paths are relative
# to the repository root.
#
#   Benchmarks/compare.sh [--size MB] [--bin PATH] [--runs N] [--scratch-path DIR]
#
# See Benchmarks/README.md for what it prints and how to read it.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: Benchmarks/compare.sh [--size MB] [--bin PATH] [--runs N] [--scratch-path DIR]

  --size MB           size of the big generated access log in MiB (default 256)
  --bin PATH          sluice binary to measure (default: build
                      `swift build -c release --static-swift-stdlib` in the
                      repo root and use its .build/release/sluice)
  --runs N            hyperfine runs per command (default 5, minimum 5)
  --scratch-path DIR  build directory for the default build (default .build)

Data goes to bench-data/ at the repo root (gitignored) and is reused when it
was generated with the same size and generator; hyperfine JSON and logs go to
bench-data/results/.
EOF
}

# Options, repo root and bench-data/, tools, the binary: see common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_parse_args 5 "$@"
bench_enter_root
bench_require_tools "apt-get install -y hyperfine pigz time" hyperfine pigz gzip python3 wc cat head
bench_sluice_binary

# ---------------------------------------------------------------- data
SMALL_MB=10
make_log "$SMALL_MB"
[[ "$SIZE_MB" != "$SMALL_MB" ]] && make_log "$SIZE_MB"
SMALL="$DATA/access-${SMALL_MB}MB.log"
BIG="$DATA/access-${SIZE_MB}MB.log"

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

BIG_BYTES=$(stat -c %s "$BIG")
SMALL_BYTES=$(stat -c %s "$SMALL")
BIG_GZ_BYTES=$(stat -c %s "$BIG.gz")

S="$(q "$BIN")"

echo
echo "sluice:  $BIN"
echo "input:   $(basename "$BIG"): $BIG_BYTES bytes, $(wc -l <"$BIG") lines; .gz: $BIG_GZ_BYTES bytes (ratio $(awk -v a="$BIG_BYTES" -v b="$BIG_GZ_BYTES" 'BEGIN{printf "%.1f", a/b}'):1)"
echo "machine: $(nproc) cores, $(uname -srm); hyperfine --runs $RUNS --warmup $WARMUP, medians"

# ---------------------------------------------------------------- sanity
# A fast benchmark of wrong output is worthless: check results first.
echo
echo "## Sanity (outputs must match the peers)"
digits() { tr -dc '0-9'; }
check() {  # check LABEL GOT WANT
  if [[ "$2" == "$3" ]]; then printf '  %-44s ok (%s)\n' "$1" "$2"
  else printf '  %-44s MISMATCH: sluice=%s expected=%s\n' "$1" "$2" "$3"; fi
}
set +e
check "count $(basename "$BIG")" "$("$BIN" count "$BIG" 2>/dev/null | digits)" "$(wc -l <"$BIG" | digits)"
check "count $(basename "$BIG").gz" "$("$BIN" count "$BIG.gz" 2>/dev/null | digits)" "$(gzip -dc "$BIG.gz" | wc -l | digits)"
check "'lines | count' $(basename "$SMALL")" "$("$BIN" 'lines | count' "$SMALL" 2>/dev/null | digits)" "$(wc -l <"$SMALL" | digits)"
if "$BIN" cat "$SMALL.gz" 2>/dev/null | cmp -s - "$SMALL"; then cat_gz=identical; else cat_gz=different; fi
check "cat $(basename "$SMALL").gz vs original" "$cat_gz" identical
if "$BIN" cat "$SMALL" 2>/dev/null | cmp -s - "$SMALL"; then cat_pl=identical; else cat_pl=different; fi
check "cat $(basename "$SMALL") vs original" "$cat_pl" identical
set -e

# ---------------------------------------------------------------- timing
: >"$HF_LOG"

B="$(q "$BIG")"
mapfile -t t_count_gz < <(hf count_gz "$S count $B.gz" "gzip -dc $B.gz | wc -l")
mapfile -t t_cat_gz < <(hf cat_gz "$S cat $B.gz >/dev/null" "gzip -dc $B.gz >/dev/null" "pigz -dc $B.gz >/dev/null")
mapfile -t t_count < <(hf count_plain "$S count $B" "wc -l $B")
mapfile -t t_cat < <(hf cat_plain "$S cat $B >/dev/null" "cat $B >/dev/null")

echo
echo "## Throughput: $(basename "$BIG") ($BIG_BYTES bytes decoded), median of $RUNS runs"
echo "ratio = peer median / sluice median (> 1: sluice is faster); MiB/s = decoded MiB per second"
echo
row_fmt='%-22s  %-24s  %10s  %10s  %6s  %12s  %10s\n'
printf "$row_fmt" "workload" "peer" "sluice (s)" "peer (s)" "ratio" "sluice MiB/s" "peer MiB/s"
printf "$row_fmt" "----------------------" "------------------------" "----------" "----------" "------" "------------" "----------"
row() {  # row WORKLOAD PEER SLUICE_S PEER_S
  local r ms mp
  if [[ "$3" == FAIL || "$4" == FAIL ]]; then
    printf "$row_fmt" "$1" "$2" "$3" "$4" "-" "-" "-"; return
  fi
  r=$(awk -v s="$3" -v p="$4" 'BEGIN{printf "%.2f", p/s}')
  ms=$(awk -v b="$BIG_BYTES" -v t="$3" 'BEGIN{printf "%.0f", b/1048576/t}')
  mp=$(awk -v b="$BIG_BYTES" -v t="$4" 'BEGIN{printf "%.0f", b/1048576/t}')
  printf "$row_fmt" "$1" "$2" "$(printf %.3f "$3")" "$(printf %.3f "$4")" "$r" "$ms" "$mp"
}
row "count F.gz" "gzip -dc F.gz | wc -l" "${t_count_gz[0]}" "${t_count_gz[1]}"
row "cat F.gz >/dev/null" "gzip -dc F.gz" "${t_cat_gz[0]}" "${t_cat_gz[1]}"
row "cat F.gz >/dev/null" "pigz -dc F.gz" "${t_cat_gz[0]}" "${t_cat_gz[2]}"
row "count F" "wc -l F" "${t_count[0]}" "${t_count[1]}"
row "cat F >/dev/null" "cat F" "${t_cat[0]}" "${t_cat[1]}"

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
echo
echo "(for scale: full 'sluice cat F.gz >/dev/null' median was $(awk -v t="${t_cat_gz[0]}" 'BEGIN{ if (t=="FAIL") print "FAIL"; else printf "%.0f", t*1000}') ms)"
echo
echo "raw results: $RESULTS/*.json, $RESULTS/hyperfine.log"
