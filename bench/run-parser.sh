#!/usr/bin/env bash
# Parser benchmarks: builds bench/Builder.Bench in Release, runs BenchmarkDotNet on the corpus
# (see bench/README.md) and ends with a compact table: corpus size, then mean time, MB/s and
# allocated bytes per input byte for (a) syntax tree, (b) bytes -> syntax tree, (c) typed Dockerfile.
#
#   bench/run-parser.sh                      all three benchmarks (a few minutes on 2 cores)
#   bench/run-parser.sh --filter '*Syntax*'  extra arguments go to BenchmarkDotNet
#   bench/run-parser.sh --quick [passes]     a Stopwatch loop instead (seconds; for trying changes)
#
# The full BenchmarkDotNet log and reports are kept in bench/Builder.Bench/BenchmarkDotNet.Artifacts/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build "$here/Builder.Bench/Builder.Bench.csproj" -c Release -nologo -v quiet </dev/null >/dev/null
dll="$here/Builder.Bench/bin/Release/net10.0/Builder.Bench.dll"
cd "$here/Builder.Bench"

# The machine may be shared: say how busy it was, since that moves the numbers.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
if [[ "${1:-}" == "--quick" ]]; then
  dotnet "$dll" "$@"
  echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

mkdir -p BenchmarkDotNet.Artifacts
log=BenchmarkDotNet.Artifacts/run-parser.log
rc=0
dotnet "$dll" "$@" </dev/null >"$log" 2>&1 || rc=$?
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
if ! grep -q '^== parser throughput ==' "$log"; then
  tail -n 40 "$log"
  echo "run-parser.sh: the benchmark run failed (exit $rc); full log: $here/Builder.Bench/$log" >&2
  exit 1
fi

sed -n '/^== parser throughput ==/,$p' "$log"
# BenchmarkDotNet's own error bars, for judging the noise.
grep -E '^\|' "$log" | cut -c1-200
exit "$rc"
