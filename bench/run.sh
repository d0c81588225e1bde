#!/usr/bin/env bash
# make bench: build synthetic handbooks of every shape at 1,000 and 10,000
# pages and the two real ones scaled to 5,000, with handbook and with Hugo
# (if it is installed, for the ratios), alternating; measure check and
# serve's memory and search on the 10,000-page site in headless Chromium;
# then run the Go benchmarks of the build stages and of a one-page edit.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/handbook-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/handbook" ./cmd/handbook
go build -o "$work/corpus" ./cmd/corpus

# retire DIR...: move each DIR out of the way, to be deleted with $work at
# the end. ext4 without a journal, as on this machine, skips over the
# inodes of files deleted in the last minutes each time it makes a file,
# so a build just after the last build's output was deleted pays for the
# deletion (half its time in the kernel, growing with every run); a
# rename frees no inode.
retired=0
retire() {
  local d
  for d in "$@"; do
    [ -e "$d" ] || continue
    retired=$((retired + 1))
    mkdir -p "$work/retired"
    mv "$d" "$work/retired/$retired"
  done
}

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

# median: the middle of the numbers on stdin, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# hugo_site SRC DIR: the minimal Hugo site of bench/hugo around a corpus.
hugo_site() {
  cp -r bench/hugo "$2"
  cp -r "$1" "$2/content"
  if [ -d "$2/content/data" ]; then mv "$2/content/data" "$2/data"; fi
  rm -f "$2/content/handbook.toml"
}

# compare NAME SRC: build SRC with handbook and Hugo, alternating, RUNS
# times each into a fresh folder, and print the medians and the ratios.
runs=${BENCH_RUNS:-3}
compare() {
  local name=$1 src=$2 pages hw=() hr=() gw=() gr=() wall cpu rss
  pages=$(find "$src" -name '*.md' | wc -l)
  local have_hugo=0
  if command -v hugo >/dev/null 2>&1; then have_hugo=1; hugo_site "$src" "$work/hugo-site"; fi
  for _ in $(seq "$runs"); do
    retire "$work/out"
    read -r wall cpu rss < <(measure hb "$work/handbook" build -src "$src" -out "$work/out")
    hw+=("$wall") hr+=("$rss")
    if [ "$have_hugo" = 1 ]; then
      retire "$work/hugo-out"
      read -r wall cpu rss < <(measure hugo hugo --quiet -s "$work/hugo-site" -d "$work/hugo-out")
      gw+=("$wall") gr+=("$rss")
    fi
  done
  local mw mr
  mw=$(printf '%s\n' "${hw[@]}" | median) mr=$(printf '%s\n' "${hr[@]}" | median)
  if [ "$have_hugo" = 1 ]; then
    local gmw gmr
    gmw=$(printf '%s\n' "${gw[@]}" | median) gmr=$(printf '%s\n' "${gr[@]}" | median)
    printf '%-22s %7s %9s %9s %9s %9s %7.2f %7.2f\n' "$name" "$pages" "$mw" "$mr" "$gmw" "$gmr" "$(calc "$mw / $gmw")" "$(calc "$mr / $gmr")"
  else
    printf '%-22s %7s %9s %9s %9s %9s %7s %7s\n' "$name" "$pages" "$mw" "$mr" - - - -
  fi
  eval "last_wall=$mw"
  retire "$work/hugo-site" "$work/hugo-out"
}

# Every corpus shape at 1,000 and 10,000 pages, alternating handbook and
# Hugo 0.165 (go install github.com/gohugoio/hugo@v0.165.0), medians of
# BENCH_RUNS runs (3) each into a fresh folder. BENCH_SHAPES and
# BENCH_SIZES narrow it down.
echo "fresh builds, medians of $runs alternating runs (wall seconds, peak RSS MB)"
printf '%-22s %7s %9s %9s %9s %9s %7s %7s\n' corpus pages hb_wall hb_rss hugo_wall hugo_rss wall× rss×
for shape in ${BENCH_SHAPES:-deep real wide long}; do
  declare -A at=()
  for n in ${BENCH_SIZES:-1000 10000}; do
    src="$work/corpus-$shape-$n"
    "$work/corpus" -shape "$shape" -pages "$n" -out "$src"
    compare "$shape-$n" "$src"
    at[$n]=$last_wall
    if [ "$shape" = deep ]; then cp -r "$src" "$work/corpus-$n"; fi
    retire "$src"
  done
  if [ -n "${at[1000]:-}" ] && [ -n "${at[10000]:-}" ]; then
    printf '%-22s scaling: 10k/1k wall time = %.1f×\n' "$shape" "$(calc "${at[10000]} / ${at[1000]}")"
  fi
  unset at
done

# The two real handbooks in ../shared/corpora, copied side by side until
# they hold 5,000 pages, each copy without its permalinks.
for name in 18f-handbook thoughtbot-guides; do
  real="../shared/corpora/$name/content"
  [ -d "$real" ] || continue
  src="$work/scaled-$name"
  mkdir -p "$src"
  per=$(find "$real" -name '*.md' | wc -l)
  for i in $(seq 1 $(((5000 + per - 1) / per))); do cp -r "$real" "$src/copy-$i"; done
  # A page's permalink would give every copy the same URL.
  find "$src" -name '*.md' -exec perl -0pi -e 's/^redirect_from:[ \t]*\n(?:[ \t]+-.*\n)*//mg; s/^(?:permalink|url|redirect_from):.*\n//mg' {} +
  compare "$name×5k" "$src"
  retire "$src"
done

# check and serve on the 10,000-page deep corpus: peak RSS, under 400 MB
# the target. serve is measured once its first build is served.
if [ -d "$work/corpus-10000" ]; then
  read -r wall cpu rss < <(measure check "$work/handbook" check -src "$work/corpus-10000")
  printf 'check at 10,000 pages: %s s, peak %s MB\n' "$wall" "$rss"
  "$work/handbook" serve -src "$work/corpus-10000" -port 0 >"$work/serve.log" 2>&1 &
  spid=$!
  for _ in $(seq 600); do grep -q 'http://' "$work/serve.log" && break; sleep 0.2; done
  sleep 1
  hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$spid/status" 2>/dev/null || echo "?")
  kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null || true
  printf 'serve at 10,000 pages: peak %s MB after the first build\n' "$hwm"
  mkdir -p "$work/out-10000"
  "$work/handbook" build -src "$work/corpus-10000" -out "$work/out-10000" >/dev/null
fi

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
# The same edit under serve -watch, from the file written to the page served.
go test -run '^$' -bench 'ServeEdit10k' -benchtime 20x ./cmd/handbook/ | grep '^Benchmark'
go test -run '^$' -bench 'Write' -benchmem -benchtime 5x ./cmd/handbook/

echo
# Career ladders: a 200-role × 8-level × 30-competency model loaded,
# validated and rendered (every view, markdown included), under a second;
# the picker's data script for it, under 300 KB.
go test -run '^$' -bench 'Ladder' -benchmem -benchtime 5x ./generator/
go test -count=1 -run '^TestPickerIndexSize$' -v ./generator/ | sed -n 's/^ *ladders_picker_test.go:[0-9]*: /picker: /p'

