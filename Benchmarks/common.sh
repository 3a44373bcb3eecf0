# shellcheck shell=bash
# Shared by the benchmark scripts (compare.sh, pipeline.sh, allocs.sh), which
# `source` it under their `set -euo pipefail`. Sourcing only defines
# functions (and BENCH_SCRIPT); compare.sh and pipeline.sh call them in this
# order (allocs.sh, which has options of its own, only bench_enter_root and
# bench_sluice_binary):
#
#   bench_parse_args MIN[:DEFAULT] "$@"  --size/--bin/--runs/--scratch-path
#   bench_enter_root [PREFIX]            cd to the repo root, bench-data/ dirs
#   bench_require_tools HINT TOOL..      exit 1 naming what is missing
#   bench_sluice_binary                  build or check the binary: sets BIN
#
# and then uses make_log / make_data, hf, rss and the small helpers below.
# Messages are prefixed with the sourcing script's name, e.g. "compare.sh: ...".

BENCH_SCRIPT="$(basename "${BASH_SOURCE[1]}")"

log() { printf '%s\n' "$*" >&2; }

# bench_parse_args MIN_RUNS[:DEFAULT_RUNS] ARGS... -> SIZE_MB (default 256),
# BIN (default ""), RUNS (minimum MIN_RUNS, default DEFAULT_RUNS or else
# MIN_RUNS), WARMUP (1), SCRATCH (default ""). The script defines usage()
# (printed for -h/--help, and with exit 2 for an unknown argument).
bench_parse_args() {
  local min_runs="${1%%:*}"
  RUNS="${1##*:}"; shift
  SIZE_MB=256
  BIN=""
  WARMUP=1
  SCRATCH=""

  while [[ $# -gt 0 ]]; do
    case "$1" in
      --size) SIZE_MB="${2:?--size needs a value}"; shift 2 ;;
      --size=*) SIZE_MB="${1#*=}"; shift ;;
      --bin) BIN="${2:?--bin needs a value}"; shift 2 ;;
      --bin=*) BIN="${1#*=}"; shift ;;
      --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
      --runs=*) RUNS="${1#*=}"; shift ;;
      --scratch-path) SCRATCH="${2:?--scratch-path needs a value}"; shift 2 ;;
      --scratch-path=*) SCRATCH="${1#*=}"; shift ;;
      -h|--help) usage; exit 0 ;;
      *) echo "$BENCH_SCRIPT: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
  done

  if ! [[ "$SIZE_MB" =~ ^[0-9]+$ ]] || (( SIZE_MB < 1 )); then
    echo "$BENCH_SCRIPT: --size must be a positive whole number of MiB" >&2; exit 2
  fi
  if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || (( RUNS < min_runs )); then
    echo "$BENCH_SCRIPT: --runs must be a whole number >= $min_runs" >&2; exit 2
  fi
}

# bench_enter_root [PREFIX] -> cd to the repository root; sets ROOT,
# BENCH_DIR, DATA (bench-data/, gitignored), RESULTS (bench-data/results/),
# both created, and GEN / GEN_SUM: the data generator and the start of its
# sha256, which the stamps of generated files record. PREFIX starts the names
# of the files hf and rss write in RESULTS, so that two scripts don't
# overwrite each other's ("" for compare.sh, "pipeline-" for pipeline.sh):
# HF_LOG (hyperfine's output), RSS_STDERR (stderr of the last rss run),
# <PREFIX>time.txt and <PREFIX>NAME.json.
bench_enter_root() {
  RESULTS_PREFIX="${1:-}"
  ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$ROOT"
  BENCH_DIR="$ROOT/Benchmarks"
  DATA="$ROOT/bench-data"
  RESULTS="$DATA/results"
  mkdir -p "$DATA" "$RESULTS"
  HF_LOG="$RESULTS/${RESULTS_PREFIX}hyperfine.log"
  RSS_STDERR="$RESULTS/${RESULTS_PREFIX}rss-stderr.txt"
  GEN="$BENCH_DIR/gen_access_log.py"
  GEN_SUM="$(sha256sum "$GEN" | cut -c1-16)"
}

# bench_require_tools INSTALL_HINT TOOL... -> exit 1 listing the tools not on
# PATH, and GNU time at /usr/bin/time (which rss needs).
bench_require_tools() {
  local hint="$1"; shift
  local missing=() t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  if [[ ! -x /usr/bin/time ]] || ! /usr/bin/time --version 2>&1 | grep -q 'GNU'; then
    missing+=("GNU time (/usr/bin/time)")
  fi
  if (( ${#missing[@]} )); then
    echo "$BENCH_SCRIPT: missing tools: ${missing[*]}" >&2
    echo "  install with: $hint" >&2
    exit 1
  fi
}

# bench_sluice_binary -> BIN, the absolute path of the sluice binary to
# measure. Without --bin: `swift build -c release --static-swift-stdlib`
# (with --scratch-path SCRATCH if given, and --traits ISAL when libisal-dev
# is installed) in the repo root, log in
# bench-data/results/build.log.
bench_sluice_binary() {
  if [[ -z "$BIN" ]]; then
    local build_args=(-c release --static-swift-stdlib)
    [[ -n "$SCRATCH" ]] && build_args+=(--scratch-path "$SCRATCH")
    # As the Makefile does: ISA-L when libisal-dev is installed.
    pkg-config --exists libisal 2>/dev/null && build_args+=(--traits ISAL)
    log "== building: swift build ${build_args[*]}"
    if ! swift build "${build_args[@]}" >"$RESULTS/build.log" 2>&1; then
      tail -n 40 "$RESULTS/build.log" >&2
      echo "$BENCH_SCRIPT: build failed (full log: $RESULTS/build.log)" >&2
      exit 1
    fi
    BIN="$(swift build "${build_args[@]}" --show-bin-path)/sluice"
  fi
  if [[ ! -x "$BIN" ]]; then
    echo "$BENCH_SCRIPT: sluice binary not found or not executable: $BIN" >&2; exit 1
  fi
  BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
}

# make_data NAME MB GENERATOR [MODULE...] -> bench-data/NAME-<MB>MB.log and
# .log.gz (gzip -6), written by `python3 GENERATOR --size-mb MB -o FILE`,
# unless a stamp shows they were made with the same size by the same
# generator (the sha256 of GENERATOR and the MODULEs it imports).
make_data() {
  local name="$1" mb="$2" f="$DATA/$1-$2MB.log"; shift 2
  local want; want="gen=$(cat "$@" | sha256sum | cut -c1-16) size_mb=$mb"
  if [[ -f "$f" && -f "$f.gz" && -f "$f.stamp" && "$(cat "$f.stamp")" == "$want" ]]; then
    log "== reusing $f (+ .gz)"
  else
    rm -f "$f.stamp"
    log "== generating $f (${mb} MiB) and $f.gz (gzip -6)"
    python3 "$1" --size-mb "$mb" -o "$f.tmp"
    mv "$f.tmp" "$f"
    gzip -6 -n -c "$f" >"$f.gz.tmp"
    mv "$f.gz.tmp" "$f.gz"
    printf '%s' "$want" >"$f.stamp"
  fi
}

# make_log MB -> bench-data/access-<MB>MB.log and .log.gz from GEN (the
# access log). The scripts share these files: either reuses what the other
# generated.
make_log() { make_data access "$1" "$GEN"; }

# hf NAME CMD... : run hyperfine on the commands (all through the shell, so
# pipelines work and every command pays the same, subtracted, shell cost).
# Prints the medians in seconds, one per command, or "FAIL" for each.
# JSON in RESULTS/<PREFIX>NAME.json; hyperfine's output is appended to
# HF_LOG, which the script empties before its first hf. The commands' stdout
# goes where HF_OUTPUT says (hyperfine's --output: null, the default, or
# pipe; GNU grep stops at the first match when its stdout is /dev/null, even
# with -c, so a script timing `grep -c` wants pipe).
hf() {
  local name="$1"; shift
  local json="$RESULTS/$RESULTS_PREFIX$name.json"
  rm -f "$json"
  log "== hyperfine: $name"
  if hyperfine --runs "$RUNS" --warmup "$WARMUP" --style basic --output "${HF_OUTPUT:-null}" \
       --export-json "$json" "$@" >>"$HF_LOG" 2>&1; then
    python3 - "$json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%.6f" % r["median"])
PY
  else
    log "   hyperfine failed for $name (see $HF_LOG)"
    local _c; for _c in "$@"; do echo FAIL; done
  fi
}

# rss_of CMD... -> "KB EXIT" of one run of CMD under GNU time (the largest
# resident set of any one process of it); its stderr goes to RSS_STDERR.
rss_of() {
  local tf="$RESULTS/${RESULTS_PREFIX}time.txt" status kb
  set +e
  /usr/bin/time -v -o "$tf" "$@" >/dev/null 2>"$RSS_STDERR"
  status=$?
  set -e
  kb=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$tf")
  echo "${kb:-0} $status"
}
# rss PROGRAM FILE -> "KB EXIT" of sluice alone running PROGRAM on FILE.
rss() { rss_of "$BIN" "$1" "$2"; }

mib() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
cell() {  # cell "KB EXIT" -> "12.3" or "12.3 (exit N)"
  local kb="${1% *}" st="${1#* }"
  if [[ "$st" == 0 ]]; then mib "$kb"; else echo "$(mib "$kb") (exit $st)"; fi
}

q() { printf '%q' "$1"; }  # shell-quote for the command strings given to hf
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }  # the same, as one '...' word (readable in logs)
