#!/usr/bin/env bash
# make bench: build synthetic handbooks of 1,000 and 10,000 pages with
# handbook (and with Hugo, if it is installed, for the ratios), measure
# search on the larger one in headless Chromium, then run the Go
# benchmarks of the build stages and of a one-page edit.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/handbook-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/handbook" ./cmd/handbook
go build -o "$work/corpus" ./cmd/corpus

# calc EXPR: floating-point arithmetic with awk, which every Debian has.
calc() { awk "BEGIN { printf \"%.2f\", $* }"; }

# measure NAME CMD...: one run, reporting wall seconds, CPU seconds and
# peak RSS in MB, via GNU time's format when it is installed.
measure() {
  local name=$1; shift
  local out="$work/time.$name" wall user sys rss cpu rss_mb
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >/dev/null
    read -r wall user sys rss <"$out"
  else
    local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
    wall=$(calc "$t1 - $t0"); user=0; sys=0; rss=0
  fi
  cpu=$(calc "$user + $sys")
  rss_mb=$((rss / 1024))
  echo "$wall $cpu $rss_mb"
}

printf '%-8s %-9s %8s %8s %9s %10s\n' pages tool wall_s cpu_s peak_MB pages_per_s
for n in 1000 10000; do
  src="$work/corpus-$n"
  "$work/corpus" -pages "$n" -out "$src"
  pages=$(find "$src" -name '*.md' | wc -l)
  # A cold build into a fresh folder, then a warm one for the page cache.
  read -r wall cpu rss < <(measure "hb-$n-cold" "$work/handbook" build -src "$src" -out "$work/out-$n")
  rm -rf "$work/out-$n"
  read -r wall cpu rss < <(measure "hb-$n" "$work/handbook" build -src "$src" -out "$work/out-$n")
  printf '%-8s %-9s %8s %8s %9s %10.0f\n' "$pages" handbook "$wall" "$cpu" "$rss" "$(calc "$pages / $wall")"
  # A rebuild over that output with nothing changed must write no file.
  read -r rwall rcpu rrss < <(measure "hb-$n-again" "$work/handbook" build -src "$src" -out "$work/out-$n")
  written=$("$work/handbook" build -src "$src" -out "$work/out-$n" | grep -o 'no change' || echo 'files written!')
  printf '%-8s %-9s %8s %8s %9s %10.0f  (%s)\n' "$pages" rebuild "$rwall" "$rcpu" "$rrss" "$(calc "$pages / $rwall")" "$written"
  eval "hb_wall_$n=$wall hb_rss_$n=$rss"
  if command -v hugo >/dev/null 2>&1; then
    site="$work/hugo-$n"
    cp -r bench/hugo "$site"
    cp -r "$src" "$site/content"
    mv "$site/content/data" "$site/data"
    rm -f "$site/content/handbook.toml"
    measure "hugo-$n-cold" hugo --quiet -s "$site" -d "$work/hugo-out-$n" >/dev/null
    rm -rf "$work/hugo-out-$n"
    read -r hwall hcpu hrss < <(measure "hugo-$n" hugo --quiet -s "$site" -d "$work/hugo-out-$n")
    printf '%-8s %-9s %8s %8s %9s %10.0f\n' "$pages" hugo "$hwall" "$hcpu" "$hrss" "$(calc "$pages / $hwall")"
    printf '%-8s %-9s %8.2f %8s %9.2f\n' "$pages" ratio "$(calc "$wall / $hwall")" - "$(calc "$rss / $hrss")"
  fi
done
printf 'scaling: 10k/1k wall time = %.1f×\n' "$(calc "$hb_wall_10000 / $hb_wall_1000")"

echo
# Search on the 10,000-page site just built, over file:// in headless
# Chromium: how soon the first results show after the first key, how much
# of the index one query and ten queries load, and the index's size beside
# the HTML's. Then the index's share of the build's CPU, in memory.
HANDBOOK_SEARCH_BENCH="$work/out-10000" go test -count=1 -run '^TestSearchBenchmark$' -v ./e2e/ |
  sed -n 's/^ *search_bench_test.go:[0-9]*: /search: /p; s/^--- SKIP.*/search: skipped (needs chromium)/p'
go test -run '^$' -bench 'SearchIndex10k' -benchtime 1x ./generator/ | grep '^Benchmark'

echo
# Whole builds in memory with their stages, and hostile inputs; then the
# dev server's one-page edit, which needs more runs to settle; then the
# writer.
go test -run '^$' -bench 'Build|LargePage|LongTable|Links5k' -benchmem -benchtime 3x ./generator/
go test -run '^$' -bench 'Edit|Retitle' -benchmem -benchtime 200x ./generator/
go test -run '^$' -bench 'Write' -benchmem -benchtime 5x ./cmd/handbook/

echo
# Career ladders: a 200-role × 8-level × 30-competency model loaded,
# validated and rendered (every view, markdown included), under a second;
# the picker's data script for it, under 300 KB.
go test -run '^$' -bench 'Ladder' -benchmem -benchtime 5x ./generator/
go test -count=1 -run '^TestPickerIndexSize$' -v ./generator/ | sed -n 's/^ *ladders_picker_test.go:[0-9]*: /picker: /p'

