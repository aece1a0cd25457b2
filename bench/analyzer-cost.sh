#!/usr/bin/env bash
# The build-time cost of Builder.Analyzers on a C# project with 10 Dockerfiles (issue 7: < 50 ms).
#
#   bench/analyzer-cost.sh [RUNS]                 RUNS (10) interleaved builds per mode
#   BASELINE=main bench/analyzer-cost.sh 8        also the analyzer packed from another revision
#   MODES="warm csc" bench/analyzer-cost.sh 5
#   ON_PROPS=-p:BuilderReadyToRunAnalyzer=false   extra MSBuild properties for the "on" builds
#
# The working tree's analyzer is packed (Release) into a private feed and package folder under
# $BENCH_DIR (/var/tmp/builder-analyzer-cost). Copies of one net10.0 project get the same 10
# Dockerfiles (repository fixtures and ../shared/conformance): "on" references that package, "base"
# (with BASELINE=REV) the package packed from git revision REV, "off" no analyzer. Builds of the
# projects alternate within each run, in rotating order, so the machine's load (shared, changing)
# falls on all of them alike; every build touches Class1.cs first, so the compiler really runs.
# Modes:
#   warm      compiler server kept running (two discarded builds each first): the inner loop, where
#             the analyzer's code is already loaded and jitted
#   cold      the compiler server is stopped before every build: first use of everything
#   noserver  UseSharedCompilation=false, a fresh csc process per build (what this machine's
#             environment and CI do)
#   csc       the compiler alone, no MSBuild: each project's Csc command line (from its last build)
#             replayed in a fresh process; "off" is "on" without the two analyzer assemblies
#   harness   bench/Builder.Bench.Analyzer in fresh processes with the package's IL copies, its
#             ready-to-run copies (and the baseline's IL): the analyzer's first use phase by phase,
#             with JIT methods and JIT milliseconds (where the cold time goes)
# Reported per mode and project: median (and min) of Roslyn's own time for the analyzer
# (-p:ReportAnalyzer=true, "Analyzer execution time" in the detailed log), of the Csc task and of
# the build wall-clock, and the median of the paired differences with "off" (builds next to each
# other in time), and with BASELINE of on - base. All projects build with the same flags
# (ReportAnalyzer, detailed file log), so those costs cancel in the differences. ReportAnalyzer sums
# the time of each callback: callbacks running at once (one per Dockerfile) that wait for the same
# JIT work are counted more than once. On Linux and macOS the compiler server loads analyzers from
# a stream, which leaves the package's ready-to-run code unused: it shows in noserver and csc only.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=${1:-10}
modes=${MODES:-warm cold noserver csc harness}
work=${BENCH_DIR:-/var/tmp/builder-analyzer-cost}
conformance=${BUILDER_CONFORMANCE:-$repo/../shared/conformance}
baseline=${BASELINE:-}
pipe="builder-analyzer-cost-$$"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The environment may force UseSharedCompilation=false (it becomes an MSBuild property); each
# mode says what it wants on the command line instead.
unset UseSharedCompilation

dockerfiles=(
  "$repo/fixtures/sample/Dockerfile"
  "$repo/fixtures/parse/heredocs/Dockerfile"
  "$repo/fixtures/lint/mixed/Dockerfile"
  "$repo/fixtures/planner/metadata/Dockerfile"
  "$repo/fixtures/analyzer-consumer/Dockerfile"
  "$repo/fixtures/analyzer-consumer/docker/Dockerfile.worker"
  "$conformance/parser/docker/Dockerfile"
  "$conformance/parser/cpuguy83-nagios/Dockerfile"
  "$conformance/parser/brimstone-docker-consul/Dockerfile"
  "$conformance/parser/tf2/Dockerfile"
)

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
minimum() { sort -g | head -n1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
load() { cut -d' ' -f1-3 /proc/loadavg; }
row() { printf '  %-44s %9s %9s\n' "$@"; }

stop_server() {
  # Only the compiler server this script started (its own pipe name), by its pid.
  local pid
  for pid in $(pgrep -f -- "-pipename:$pipe" || true); do kill "$pid" 2>/dev/null || true; done
  while pgrep -f -- "-pipename:$pipe" >/dev/null; do sleep 0.1; done
}
trap stop_server EXIT

# --- the packages and the projects -------------------------------------------------------------
rm -rf "$work"
mkdir -p "$work/feed" "$work/packages"
version="0.1.0-cost.$(date +%s)"
pack() { # source tree, version
  dotnet pack "$1/Analyzers/Builder.Analyzers.csproj" -c Release -o "$work/feed" -p:Version="$2" -nologo -v:q </dev/null >/dev/null \
    || { echo "analyzer-cost.sh: dotnet pack of $1 failed" >&2; exit 1; }
}
pack "$repo" "$version"
projects=(on off)
if [[ -n $baseline ]]; then
  # The same assembly version (0.1.0.0) as the working tree's package, so the harness can run either.
  mkdir -p "$work/base-src"
  git -C "$repo" archive "$baseline" | tar -x -C "$work/base-src"
  pack "$work/base-src" "$version-base"
  projects=(on base off)
fi
# The consumers restore into a private package folder: the test versions never reach the user's.
export NUGET_PACKAGES="$work/packages"

make_project() { # name, package version (empty: no analyzer)
  local dir="$work/$1" i=0 f reference=""
  mkdir -p "$dir"
  for f in "${dockerfiles[@]}"; do
    [[ -f "$f" ]] || { echo "analyzer-cost.sh: missing fixture $f (set BUILDER_CONFORMANCE)" >&2; exit 1; }
    i=$((i + 1))
    mkdir -p "$dir/svc$i"
    cp "$f" "$dir/svc$i/$(basename "$f")"
    if [[ -f "$(dirname "$f")/.dockerignore" ]]; then cp "$(dirname "$f")/.dockerignore" "$dir/svc$i/"; fi
  done
  cp "$repo/fixtures/analyzer-consumer/Class1.cs" "$dir/"
  if [[ -n $2 ]]; then reference="<PackageReference Include=\"Builder.Analyzers\" Version=\"$2\" PrivateAssets=\"all\" />"; fi
  cat >"$dir/NuGet.config" <<EOF
<configuration><packageSources><clear /><add key="local" value="$work/feed" /></packageSources></configuration>
EOF
  cat >"$dir/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>$reference</ItemGroup>
</Project>
EOF
  dotnet restore "$dir" -nologo -v:q </dev/null >/dev/null
}
make_project on "$version"
make_project off ""
if [[ -n $baseline ]]; then make_project base "$version-base"; fi
echo "${#dockerfiles[@]} Dockerfiles, $(cat "$work"/on/svc*/Dockerfile* | wc -c) bytes; package $version${baseline:+, baseline $baseline ($(git -C "$repo" rev-parse --short "$baseline"))}; $runs runs per mode"

# --- measured runs ------------------------------------------------------------------------------
# Each appends "wall csc ours total" (ms; ours/total from ReportAnalyzer) to $work/NAME.MODE.
build() { # name, mode, shared(true|false)
  local dir="$work/$1" log="$work/$1.log" start end
  touch "$dir/Class1.cs"
  start=$(now_ms)
  dotnet build "$dir" --no-restore -nologo -nr:false -clp:NoSummary -v:q \
    -p:UseSharedCompilation="$3" -p:SharedCompilationId="$pipe" -p:ReportAnalyzer=true \
    "-flp:Verbosity=detailed;PerformanceSummary;LogFile=$log" $([[ $1 == on ]] && echo "${ON_PROPS:-}") </dev/null >/dev/null
  end=$(now_ms)
  grep -q "Csc" "$log" || { echo "analyzer-cost.sh: no Csc task in $log" >&2; exit 1; }
  local csc ours total
  csc=$(awk '$3 == "Csc" && $2 == "ms" {print $1; exit}' "$log")
  ours=$(awk '$3 == "Builder.Analyzers," {printf "%.0f", $1 * 1000; exit}' "$log")
  total=$(awk '/Total analyzer execution time:/ {printf "%.0f", $5 * 1000; exit}' "$log")
  echo "$((end - start)) $csc ${ours:--} ${total:--}" >>"$work/$1.$2"
}

csc_run() { # name, mode: the recorded compiler command line in a fresh process
  local start end out="$work/$1.csc.out"
  start=$(now_ms)
  (cd "$work/on" && dotnet "$cscdll" -nologo "@$work/$1.rsp" >"$out" 2>&1) || { cat "$out"; exit 1; }
  end=$(now_ms)
  local ours total
  ours=$(awk '$3 == "Builder.Analyzers," {printf "%.0f", $1 * 1000; exit}' "$out")
  total=$(awk '/Total analyzer execution time:/ {printf "%.0f", $5 * 1000; exit}' "$out")
  echo "$((end - start)) $((end - start)) ${ours:--} ${total:--}" >>"$work/$1.$2"
}

interleaved() { # mode, runner, before-each command, runner arguments...
  local mode=$1 runner=$2 before=$3 i k n=${#projects[@]}
  shift 3
  for ((i = 0; i < runs; i++)); do
    for ((k = 0; k < n; k++)); do
      local name=${projects[$(((i + k) % n))]}
      $before
      $runner "$name" "$mode" "$@"
    done
  done
}

report() { # mode, what column 1 is
  local mode=$1 name f="$work/off.$1"
  echo "$mode (load $(load))"
  row "" median min
  for name in "${projects[@]}"; do
    local d="$work/$name.$mode"
    if [[ $name != off ]]; then row "$name: ReportAnalyzer Builder.Analyzers (ms)" "$(cut -d' ' -f3 "$d" | median)" "$(cut -d' ' -f3 "$d" | minimum)"; fi
    row "$name: ReportAnalyzer all analyzers (ms)" "$(cut -d' ' -f4 "$d" | median)" "$(cut -d' ' -f4 "$d" | minimum)"
    row "$name: $2 (ms)" "$(cut -d' ' -f2 "$d" | median)" "$(cut -d' ' -f2 "$d" | minimum)"
    if [[ $2 == "Csc task" ]]; then row "$name: build wall (ms)" "$(cut -d' ' -f1 "$d" | median)" "$(cut -d' ' -f1 "$d" | minimum)"; fi
    if [[ $name != off ]]; then
      row "$name - off, paired: $2 (ms)" "$(paste -d' ' "$d" "$f" | awk '{print $2 - $6}' | median)" ""
      if [[ $2 == "Csc task" ]]; then row "$name - off, paired: build wall (ms)" "$(paste -d' ' "$d" "$f" | awk '{print $1 - $5}' | median)" ""; fi
    fi
  done
  if [[ -f "$work/base.$mode" ]]; then
    local b="$work/base.$mode"
    row "on - base, paired: ReportAnalyzer ours (ms)" "$(paste -d' ' "$work/on.$mode" "$b" | awk '{print $3 - $7}' | median)" ""
    row "on - base, paired: $2 (ms)" "$(paste -d' ' "$work/on.$mode" "$b" | awk '{print $2 - $6}' | median)" ""
  fi
}

prepare_harness() { # bits name, directory with Builder.Analyzers.dll and Builder.Parser.dll
  rm -rf "$work/harness/$1"
  cp -r "$work/harness/bin" "$work/harness/$1"
  cp "$2"/Builder.Analyzers.dll "$2"/Builder.Parser.dll "$work/harness/$1/"
  harness_bits+=("$1")
}

run_harness() { # kind: each run goes through every set of copies, so they share the load
  local kind=$1 i bits
  for bits in "${harness_bits[@]}"; do : >"$work/harness.$bits.$kind"; done
  for ((i = 0; i < runs; i++)); do
    for bits in "${harness_bits[@]}"; do
      dotnet "$work/harness/$bits/Builder.Bench.Analyzer.dll" "$kind" "$work"/on/svc*/Dockerfile* | tail -n +2 >>"$work/harness.$bits.$kind"
    done
  done
  for bits in "${harness_bits[@]}"; do
    local raw="$work/harness.$bits.$kind" tsv="$work/harness.$bits.$kind.tsv"
    echo "harness: $kind, $bits copies, fresh process each, medians of $runs (load $(load))"
    printf '  %-50s %8s %8s %8s\n' phase "wall ms" "JIT ms" methods
    # Columns from the right: result, methods, JIT ms, wall ms (warm rows have no JIT columns).
    awk '{ n = NF; if ($(n-2) ~ /^[0-9.]+$/ && $(n-3) ~ /^[0-9.]+$/) { name = ""; for (k = 1; k <= n-4; k++) name = name (k > 1 ? " " : "") $k; print name "\t" $(n-3) "\t" $(n-2) "\t" $(n-1) }
           else { name = ""; for (k = 1; k <= n-2; k++) name = name (k > 1 ? " " : "") $k; print name "\t" $(n-1) "\t-\t-" } }' "$raw" >"$tsv"
    cut -f1 "$tsv" | awk '!seen[$0]++' | while IFS= read -r phase; do
      col() { awk -F'\t' -v p="$phase" -v c="$1" '$1 == p && $c != "-" {print $c}' "$tsv" | median; }
      printf '  %-50s %8s %8s %8s\n' "$phase" "$(col 2)" "$(col 3)" "$(col 4)"
    done
  done
}

echo "load average before: $(load) ($(nproc) cores)"
for mode in $modes; do
  case $mode in
    warm)
      stop_server
      for name in "${projects[@]}"; do build "$name" warmup true; build "$name" warmup true; done
      interleaved warm build true true
      report warm "Csc task"
      stop_server
      ;;
    cold)
      interleaved cold build stop_server true
      report cold "Csc task"
      stop_server
      ;;
    noserver)
      interleaved noserver build true false
      report noserver "Csc task"
      ;;
    csc)
      # The compiler command lines MSBuild ran (detailed logs); "off" is "on" without the analyzer.
      for name in "${projects[@]}"; do if [[ ! -f "$work/$name.log" ]]; then build "$name" setup false; fi; done
      cscdll=$(grep -m1 -oE '^ +[^ ]*/Roslyn/bincore/csc ' "$work/on.log" | sed -E 's#^ +##; s# $#.dll#')
      for name in on base; do
        if [[ ! -f "$work/$name.log" ]]; then continue; fi
        grep -m1 -E '^ +[^ ]*/Roslyn/bincore/csc ' "$work/$name.log" | sed -E 's#^ +[^ ]*/Roslyn/bincore/csc ##' \
          | tr ' ' '\n' | grep -v '^$' | sed "s#$work/$name/#$work/on/#g" >"$work/$name.rsp"
      done
      grep -v -E '/Builder\.(Analyzers|Parser)\.dll$' "$work/on.rsp" >"$work/off.rsp"
      interleaved csc csc_run true
      report csc "csc process wall"
      ;;
    harness)
      # Built at the package's assembly version, then run with the packages' own copies.
      dotnet build "$here/Builder.Bench.Analyzer/Builder.Bench.Analyzer.csproj" -c Release -nologo -v:q \
        -p:Version="$version" -o "$work/harness/bin" </dev/null >/dev/null
      pkg="$work/packages/builder.analyzers/$version"
      harness_bits=()
      prepare_harness il "$pkg/analyzers/dotnet/cs"
      r2r=$(dirname "$(compgen -G "$pkg/r2r/*/$(dotnet msbuild "$work/on/Consumer.csproj" -getProperty:NETCoreSdkRuntimeIdentifier)/Builder.Parser.dll" | head -n1)")
      if [[ -f "$r2r/Builder.Parser.dll" ]]; then prepare_harness r2r "$r2r"; else echo "harness: the package has no ready-to-run copies"; fi
      if [[ -n $baseline ]]; then prepare_harness base-il "$work/packages/builder.analyzers/$version-base/analyzers/dotnet/cs"; fi
      run_harness roslyn
      run_harness phases
      ;;
    *) echo "analyzer-cost.sh: unknown mode $mode" >&2; exit 2 ;;
  esac
done
echo "load average after: $(load)"
