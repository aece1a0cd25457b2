#!/usr/bin/env bash
# Context-hashing benchmarks (not run by CI; numbers go in notes, never in asserts):
#   1. BLAKE3 throughput of the C library alone, in memory (what the CPU can do);
#   2. hashing a 1 GiB file (generated once under $BENCH_DIR, page-cache hot) single-threaded
#      through the context hasher's read path: per core (bytes / thread CPU time) and wall clock;
#   3. walking ../shared/peers/bench/big-context (2000 files, ~205 MB) with its .dockerignore and
#      the stat memo: cold from disk (memo empty, the context's own pages evicted with
#      posix_fadvise), cold (memo empty, page cache hot), warm (memo hit: no byte read) and after
#      touching data/marker.txt (one file read again); each under /usr/bin/time -v for peak RSS.
# Usage: bench/run-context.sh            Environment: BENCH_DIR (default /var/tmp/builder-bench),
#        CONTEXT=DIR to walk another context, REPEAT (default 5).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_dir=${BENCH_DIR:-/var/tmp/builder-bench}
repeat=${REPEAT:-5}
shared_context="$repo_root/../shared/peers/bench/big-context"
mkdir -p "$bench_dir"

for tool in /usr/bin/time openssl; do
  if [[ ! -x $(command -v "$tool" || true) ]]; then
    echo "run-context.sh: $tool is missing (apt-get install time openssl)" >&2
    exit 1
  fi
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$repo_root/bench/Builder.Bench.Context" -c Release -nologo -tl:off -v:quiet -clp:'ErrorsOnly;NoSummary' >/dev/null
bench=(dotnet "$repo_root/bench/Builder.Bench.Context/bin/Release/net10.0/Builder.Bench.Context.dll")

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== BLAKE3 in memory (256 MiB, single thread)"
"${bench[@]}" hash-memory --mib 256 --repeat "$repeat"

big_file="$bench_dir/blake3-1GiB.bin"
if [[ ! -f $big_file ]]; then
  echo "generating $big_file (once)"
  head -c $((1 << 30)) /dev/zero |
    openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000 >"$big_file.tmp"
  mv "$big_file.tmp" "$big_file"
fi
cat "$big_file" >/dev/null # page-cache hot
echo "== 1 GiB file, single thread, 1 MiB reads"
"${bench[@]}" hash-file "$big_file" --repeat "$repeat"

# The context: the shared one when its data/ was generated; otherwise the same shape under
# $bench_dir (the shared folder is read-only: gen-context.sh takes an output folder).
context=${CONTEXT:-}
if [[ -z $context ]]; then
  if [[ -d $shared_context/data ]]; then
    context=$shared_context
  else
    context="$bench_dir/big-context"
    mkdir -p "$context"
    cp -f "$shared_context/Dockerfile" "$shared_context/.dockerignore" "$context/"
    "$shared_context/gen-context.sh" "$context/data" >/dev/null
  fi
fi

store="$bench_dir/store"
walk() { # label, extra args...
  local label=$1 out
  shift
  out=$(/usr/bin/time -v "${bench[@]}" walk "$context" --root "$store" "$@" 2>&1)
  echo "-- $label"
  grep -E '^(walk|evicted)' <<<"$out"
  echo "   process: $(grep -E 'Elapsed \(wall' <<<"$out" | sed 's/.*): //') wall, peak RSS $(($(grep 'Maximum resident' <<<"$out" | awk '{print $NF}') / 1024)) MB"
}

echo "== context walk: $context ($(du -sh --apparent-size "$context" | cut -f1))"
rm -rf "$store"
walk "cold, from disk (memo empty, context evicted from the page cache)" --evict
rm -rf "$store"
walk "cold (memo empty, page cache hot)"
walk "warm (memo hit, no change)"
walk "warm again"
if [[ $context == "$shared_context" ]]; then
  echo "-- touch: skipped (the shared context is not ours to touch)"
elif [[ -f $context/data/marker.txt ]]; then
  touch "$context/data/marker.txt"
  walk "after touch data/marker.txt (one file read again)"
fi
