#!/usr/bin/env bash
# Counts heap allocations of the release `sluice` binary with valgrind
# (memcheck's "total heap usage" line), for inputs of 100k and 1M lines,
# plain and gzip. No benchmark package needed. If sluice allocates per line,
# the 1M column is ~10x the 100k column; if not, the two are (nearly) equal.
#
#   Benchmarks/allocs.sh [--bin PATH] [--scratch-path DIR] [--no-gz]
set -euo pipefail

usage() {
  cat <<'EOF'
usage: Benchmarks/allocs.sh [--bin PATH] [--scratch-path DIR] [--no-gz]

  --bin PATH          sluice binary (default: swift build -c release
                      --static-swift-stdlib in the repo root, .build/release/sluice)
  --scratch-path DIR  build directory for the default build (default .build)
  --no-gz             skip the gzip inputs (memcheck runs zlib ~30x slower)
EOF
}

BIN=""
SCRATCH=""
GZ=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) BIN="${2:?--bin needs a value}"; shift 2 ;;
    --bin=*) BIN="${1#*=}"; shift ;;
    --scratch-path) SCRATCH="${2:?--scratch-path needs a value}"; shift 2 ;;
    --scratch-path=*) SCRATCH="${1#*=}"; shift ;;
    --no-gz) GZ=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "allocs.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

# Repo root and bench-data/, the binary: see common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_enter_root

command -v valgrind >/dev/null || { echo "allocs.sh: valgrind not found (apt-get install -y valgrind)" >&2; exit 1; }

bench_sluice_binary

# valgrind 3.19 cannot read the DWARF 5 debug info of Swift 6 binaries
# ("unhandled dwarf2 abbrev form ... I can't recover"): measure a copy
# without it. Stripping debug info changes no code.
RUN_BIN="$RESULTS/sluice-nodebug"
if ! objcopy --strip-debug "$BIN" "$RUN_BIN" 2>/dev/null; then
  echo "allocs.sh: objcopy (binutils) failed; running the binary as is" >&2
  RUN_BIN="$BIN"
fi

make_lines() {  # make_lines N NAME -> bench-data/NAME.log (+ .gz)
  local n="$1" f="$DATA/$2.log" want="gen=$GEN_SUM lines=$1"
  if [[ -f "$f" && -f "$f.gz" && -f "$f.stamp" && "$(cat "$f.stamp")" == "$want" ]]; then
    return
  fi
  echo "== generating $f ($n lines) and .gz" >&2
  python3 "$GEN" --lines "$n" -o "$f.tmp"
  mv "$f.tmp" "$f"
  gzip -6 -n -c "$f" >"$f.gz.tmp"
  mv "$f.gz.tmp" "$f.gz"
  printf '%s' "$want" >"$f.stamp"
}
make_lines 100000 lines-100k
make_lines 1000000 lines-1M

# allocs PROGRAM FILE -> "ALLOCS BYTES EXIT" from memcheck's HEAP SUMMARY.
allocs() {
  local out="$RESULTS/valgrind.txt" st line
  set +e
  valgrind --tool=memcheck --leak-check=no --error-exitcode=0 \
    --log-file="$out" "$RUN_BIN" "$1" "$2" >/dev/null 2>"$RESULTS/allocs-stderr.txt"
  st=$?
  set -e
  # "total heap usage: 123 allocs, 120 frees, 456,789 bytes allocated"
  line=$(grep -m1 'total heap usage' "$out" || true)
  local a b
  a=$(sed -E 's/.*usage: ([0-9,]+) allocs.*/\1/' <<<"$line" | tr -d ,)
  b=$(sed -E 's/.* ([0-9,]+) bytes allocated.*/\1/' <<<"$line" | tr -d ,)
  echo "${a:-?} ${b:-?} $st"
}

echo
echo "sluice: $BIN (run without debug info: $RUN_BIN)"
echo "valgrind memcheck 'total heap usage' (whole process: startup + run + exit)"
echo
fmt='%-16s  %-6s  %14s  %14s  %10s  %14s  %14s\n'
printf "$fmt" "program" "input" "allocs 100k" "allocs 1M" "1M - 100k" "bytes 100k" "bytes 1M"
printf "$fmt" "----------------" "------" "--------------" "--------------" "----------" "--------------" "--------------"
kinds=(plain)
(( GZ )) && kinds+=(gz)
for prog in count 'lines | count'; do
  for kind in "${kinds[@]}"; do
    ext=""; [[ $kind == gz ]] && ext=".gz"
    echo "== valgrind: sluice '$prog' ($kind)" >&2
    read -r a1 b1 s1 < <(allocs "$prog" "$DATA/lines-100k.log$ext")
    read -r a2 b2 s2 < <(allocs "$prog" "$DATA/lines-1M.log$ext")
    d="?"
    [[ "$a1" =~ ^[0-9]+$ && "$a2" =~ ^[0-9]+$ ]] && d=$(( a2 - a1 ))
    note=""
    (( s1 != 0 || s2 != 0 )) && note="  (exit $s1/$s2)"
    printf "$fmt" "$prog" "$kind" "$a1" "$a2" "$d" "$b1" "$b2"
    if [[ -n "$note" ]]; then
      echo "  ^ nonzero exit status$note; stderr: $(head -c 200 "$RESULTS/allocs-stderr.txt" | tr '\n' ' ')"
      grep -v '^==[0-9]*== *$' "$RESULTS/valgrind.txt" | tail -n 5 | sed 's/^/    /'
    fi
  done
done
echo
echo "per-line allocation would show as '1M - 100k' of ~900,000 or more; a small constant means none."
