#!/usr/bin/env bash
# Layer export benchmark: builds bench/Builder.Bench.Layers in Release, generates a deterministic
# ~200 MB tree once (mixed text, binaries and incompressible assets; under /var/tmp), then, in the
# same run and interleaved, times with /usr/bin/time:
#   - gzip -6 -c layer.tar > /dev/null   (GNU gzip, single-threaded, on our uncompressed tar)
#   - our export of the tree with gzip (all cores and 1 thread) and zstd, and uncompressed
#   - zstd -3 -T1 -c layer.tar > /dev/null (reference)
# Our times include everything (.NET start, walking the tree, reading files, tar, both sha256s,
# writing and fsyncing the blob); gzip's only compress an existing tar. Prints a table with the
# best of RUNS runs: wall seconds and MB/s of uncompressed tar, CPU seconds (user+sys) and MB per
# CPU second, each against gzip -6, compressed size and peak RSS.
#
#   bench/run-layers.sh                 3 runs of each
#   RUNS=5 SIZE_MB=200 bench/run-layers.sh
#   BUILDER_BENCH_LAYERS=/path bench/run-layers.sh   where to keep the data (default /var/tmp/builder-bench-layers)
#
# On a shared machine wall times follow the load (printed before and after); CPU seconds do not.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
data=${BUILDER_BENCH_LAYERS:-/var/tmp/builder-bench-layers}
runs=${RUNS:-3}
size_mb=${SIZE_MB:-200}
threads=$(nproc)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

for tool in /usr/bin/time gzip zstd tar; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-layers.sh: $tool is missing (apt-get install time gzip zstd tar)" >&2
    exit 1
  fi
done

dotnet build "$here/Builder.Bench.Layers/Builder.Bench.Layers.csproj" -c Release -nologo -v quiet </dev/null >/dev/null
dll="$here/Builder.Bench.Layers/bin/Release/net10.0/Builder.Bench.Layers.dll"

mkdir -p "$data"
if [[ "$(cat "$data/tree.done" 2>/dev/null)" != "$size_mb" ]]; then
  rm -rf "$data/tree" "$data/tree.done"
  dotnet "$dll" generate "$data/tree" "$size_mb"
  echo "$size_mb" >"$data/tree.done"
fi

store="$data/store"
rm -rf "$store"
# The uncompressed tar gzip -6 compresses: ours, so both compress the same bytes.
dotnet "$dll" export "$data/tree" "$store" none 1 "$data/layer.tar" >/dev/null
tar_bytes=$(stat -c %s "$data/layer.tar")
files=$(find "$data/tree" -type f | wc -l)
gzip_size=$(gzip -6 -c "$data/layer.tar" | wc -c)
zstd_size=$(zstd -3 -T1 -q -c "$data/layer.tar" | wc -c)
# Warm the page cache for both sides.
cat "$data/layer.tar" >/dev/null
tar -cf /dev/null -C "$data" tree

results=$(mktemp)
timing=$(mktemp)
out=$(mktemp)
trap 'rm -f "$results" "$timing" "$out"' EXIT

# measure NAME THREADS SIZE-or-- CMD...: one timed run appended to $results.
measure() {
  local name=$1 nthreads=$2 size=$3
  shift 3
  /usr/bin/time -f '%e %U %S %M' -o "$timing" "$@" >"$out"
  if [[ "$size" == "--" ]]; then
    size=$(awk '{print $5}' "$out")
  fi
  echo "$name|$nthreads|$size|$(cat "$timing")" >>"$results"
}

echo "tree: $files files, $((tar_bytes / 1048576)) MiB of tar; $runs runs; $threads cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((run = 1; run <= runs; run++)); do
  measure "gzip -6 (GNU gzip)" 1 "$gzip_size" gzip -6 -c "$data/layer.tar"
  measure "ours gzip" "$threads" -- dotnet "$dll" export "$data/tree" "$store" gzip "$threads"
  measure "ours gzip" 1 -- dotnet "$dll" export "$data/tree" "$store" gzip 1
  measure "ours zstd" "$threads" -- dotnet "$dll" export "$data/tree" "$store" zstd "$threads"
  measure "zstd -3 -T1 (reference)" 1 "$zstd_size" zstd -3 -T1 -q -c "$data/layer.tar"
  measure "ours, no compression" 1 -- dotnet "$dll" export "$data/tree" "$store" none 1
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo

awk -F'|' -v bytes="$tar_bytes" -v runs="$runs" '
  {
    key = $1 "|" $2
    split($4, t, " ")
    wall = t[1]; cpu = t[2] + t[3]; rss = t[4]
    if (!(key in best_wall) || wall < best_wall[key]) best_wall[key] = wall
    if (!(key in best_cpu) || cpu < best_cpu[key]) best_cpu[key] = cpu
    if (!(key in max_rss) || rss > max_rss[key]) max_rss[key] = rss
    size[key] = $3
    if (!(key in seen)) { order[++n] = key; seen[key] = 1 }
  }
  END {
    base = order[1]
    mb = bytes / 1e6
    printf "| %-26s | %7s | %8s | %9s | %9s | %7s | %11s | %9s | %10s | %8s |\n", "export of " sprintf("%.0f", mb) " MB tar", "threads", "wall s", "MB/s wall", "x gzip -6", "CPU s", "MB/CPU-s", "x gzip -6", "compressed", "peak RSS"
    printf "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", "----------------------------", "---------", "----------", "-----------", "-----------", "---------", "-------------", "-----------", "------------", "----------"
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, name, "|")
      w = best_wall[k] > 0 ? best_wall[k] : 0.01
      c = best_cpu[k] > 0 ? best_cpu[k] : 0.01
      bw = best_wall[base]; bc = best_cpu[base]
      printf "| %-26s | %7s | %8.2f | %9.1f | %9.2f | %7.2f | %11.1f | %9.2f | %7.1f MB | %5.0f MB |\n", name[1], name[2], w, mb / w, bw / w, c, mb / c, bc / c, size[k] / 1e6, max_rss[k] / 1024
    }
    printf "\nbest of %d runs; wall and CPU = user+sys from /usr/bin/time; peak RSS = largest maximum resident set.\n", runs
  }' "$results"
