#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + AddressSanitizer) and runs each for
# SECONDS seconds, starting from seeds made from Fixtures/ and Seeds/, with
# the corpus kept in .build-fuzz/ between runs. Exits non-zero when a target
# crashes, hangs (10 s) or leaks; the input that did it is in
# .build-fuzz/artifacts/. SECONDS 0 runs the seeds once and nothing else
# (what `make test` does: the same every time). Run from anywhere:
#
#   Fuzz/run.sh [SECONDS]          (make fuzz FUZZ_SECONDS=N)
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/.build-fuzz"
traits=$(pkg-config --exists libisal 2>/dev/null && echo "--traits ISAL" || true)

# SwiftPM's --sanitize flags reach swiftc as separate -sanitize= options, of
# which swiftc keeps only the last: --sanitize=fuzzer makes SwiftPM leave
# `main` to libFuzzer, the -Xswiftc option gives both sanitizers.
# shellcheck disable=SC2086
swift build --package-path "$root/Fuzz" --scratch-path "$work/build" -c release \
  --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address $traits
bin="$(swift build --package-path "$root/Fuzz" --scratch-path "$work/build" -c release --show-bin-path)"

# FuzzInput's first byte chooses the program and options (see FuzzInput.swift):
# each fixture goes in with a few of them.
mkdir -p "$work/seeds/input" "$work/seeds/program" "$work/artifacts"
for f in "$root"/Fixtures/*.gz "$root"/Fixtures/*.bz2 "$root"/Fixtures/*.xz "$root"/Fixtures/*.zst; do
  for choice in 0 9 26 43 68 133; do
    { printf "\\$(printf %03o "$choice")"; cat "$f"; } >"$work/seeds/input/$(basename "$f").$choice"
  done
done
printf '\0a;b\r\n{"a":1}\n2024-03-01 x\n' >"$work/seeds/input/plain"
n=0
while IFS= read -r program; do
  n=$((n + 1))
  printf '%s' "$program" >"$work/seeds/program/$n"
done <"$root/Fuzz/Seeds/programs.txt"

# libFuzzer and ASan report a crash with its stack; Swift's own backtracer,
# reading memory under ASan, would add a bogus ASan report of its own.
export SWIFT_BACKTRACE=enable=no
status=0
for target in FuzzInput FuzzProgram; do
  corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  seeds="$work/seeds/$([[ $target == FuzzInput ]] && echo input || echo program)"
  max_len=$([[ $target == FuzzInput ]] && echo 16384 || echo 256)
  if [[ $seconds == 0 ]]; then
    echo "== $target: the seeds once"
    run=(-runs=0 "$seeds")
  else
    echo "== $target for ${seconds}s (corpus $corpus)"
    run=(-max_total_time="$seconds" "$corpus" "$seeds")
  fi
  if ! "$bin/$target" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$target-" "${run[@]}" 2>"$work/$target.log"; then
    status=1
    echo "$target FAILED: see $work/$target.log and $work/artifacts/"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*(Fatal error|runtime failure))|^ +#[0-9] ' "$work/$target.log" |
      head -12 || true
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/$target.log" || true
  grep -E '^#[0-9]+' "$work/$target.log" | tail -1 || true
done
exit "$status"
