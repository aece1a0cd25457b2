#!/usr/bin/env bash
# The build-time cost of Builder.Analyzers on a C# project with 10 Dockerfiles (issue 7: < 50 ms).
#
#   bench/analyzer-cost.sh [RUNS]          RUNS (10) interleaved on/off builds per mode
#   MODES="warm csc" bench/analyzer-cost.sh 5
#   ON_PROPS=-p:BuilderReadyToRunAnalyzer=false bench/analyzer-cost.sh    the package's IL copies
#
# The analyzer is packed (Release) into a private feed and package folder under $BENCH_DIR
# (/var/tmp/builder-analyzer-cost). Two copies of one net10.0 project get the same 10 Dockerfiles
# (repository fixtures and ../shared/conformance): "on" references the package, "off" does not. Every
# build touches Class1.cs first, so the compiler really runs. Modes:
#   warm      compiler server kept running (two discarded builds first): the inner loop, where the
#             analyzer's code is already loaded and jitted
#   cold      the compiler server is stopped before every build: first use of everything
#   noserver  UseSharedCompilation=false, a fresh csc process per build (what this machine's
#             environment and CI do)
#   csc       the compiler alone, no MSBuild: the Csc command line of a noserver build replayed with
#             and without the two analyzer assemblies (the least noisy cold wall-clock difference)
#   harness   bench/Builder.Bench.Analyzer in fresh processes with the package's IL copies and with its
#             ready-to-run copies: the analyzer's first use phase by phase, with JIT methods and JIT
#             milliseconds (where the cold time goes)
# Reported per mode: median (and min) of Roslyn's own time for the analyzer (-p:ReportAnalyzer=true,
# "Analyzer execution time" of the detailed log), of the build wall-clock and of the Csc task for
# on and off, and the median of the paired on-off differences. Both projects build with the same
# flags (ReportAnalyzer, detailed file log), so those costs cancel in the difference.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=${1:-10}
modes=${MODES:-warm cold noserver csc harness}
work=${BENCH_DIR:-/var/tmp/builder-analyzer-cost}
conformance=${BUILDER_CONFORMANCE:-$repo/../shared/conformance}
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

stop_server() {
  # Only the compiler server this script started (its own pipe name), by its pid.
  local pid
  for pid in $(pgrep -f -- "-pipename:$pipe" || true); do kill "$pid" 2>/dev/null || true; done
  while pgrep -f -- "-pipename:$pipe" >/dev/null; do sleep 0.1; done
}
trap stop_server EXIT

# --- the package and the two projects ---------------------------------------------------------
rm -rf "$work"
mkdir -p "$work/feed" "$work/packages"
version="0.1.0-cost.$(date +%s)"
dotnet pack "$repo/Analyzers/Builder.Analyzers.csproj" -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q </dev/null >/dev/null \
  || { echo "analyzer-cost.sh: dotnet pack failed" >&2; exit 1; }
# The consumers restore into a private package folder: the test version never reaches the user's.
export NUGET_PACKAGES="$work/packages"

make_project() { # name, package reference (or empty)
  local dir="$work/$1" i=0 f
  mkdir -p "$dir"
  for f in "${dockerfiles[@]}"; do
    [[ -f "$f" ]] || { echo "analyzer-cost.sh: missing fixture $f (set BUILDER_CONFORMANCE)" >&2; exit 1; }
    i=$((i + 1))
    mkdir -p "$dir/svc$i"
    cp "$f" "$dir/svc$i/$(basename "$f")"
    [[ -f "$(dirname "$f")/.dockerignore" ]] && cp "$(dirname "$f")/.dockerignore" "$dir/svc$i/"
  done
  cp "$repo/fixtures/analyzer-consumer/Class1.cs" "$dir/"
  cat >"$dir/NuGet.config" <<EOF
<configuration><packageSources><clear /><add key="local" value="$work/feed" /></packageSources></configuration>
EOF
  cat >"$dir/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>$2</ItemGroup>
</Project>
EOF
  dotnet restore "$dir" -nologo -v:q </dev/null >/dev/null
}
make_project on "<PackageReference Include=\"Builder.Analyzers\" Version=\"$version\" PrivateAssets=\"all\" />"
make_project off ""
echo "${#dockerfiles[@]} Dockerfiles, $(cat "$work"/on/svc*/Dockerfile* | wc -c) bytes; package $version; $runs runs per mode"

# --- one build, measured ------------------------------------------------------------------------
# Appends "wall csc ours total" (ms; ours/total = ReportAnalyzer seconds * 1000) to $work/NAME.MODE.
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

report() { # mode
  local on="$work/on.$1" off="$work/off.$1"
  printf '%-9s %-38s %9s %9s\n' "$1" "" median min
  printf '%-9s %-38s %9s %9s\n' "" "ReportAnalyzer: Builder.Analyzers (ms)" "$(cut -d' ' -f3 "$on" | median)" "$(cut -d' ' -f3 "$on" | minimum)"
  printf '%-9s %-38s %9s %9s\n' "" "ReportAnalyzer: all analyzers, on/off" "$(cut -d' ' -f4 "$on" | median)/$(cut -d' ' -f4 "$off" | median)" ""
  printf '%-9s %-38s %9s %9s\n' "" "Csc task on / off (ms)" "$(cut -d' ' -f2 "$on" | median)/$(cut -d' ' -f2 "$off" | median)" "$(cut -d' ' -f2 "$on" | minimum)/$(cut -d' ' -f2 "$off" | minimum)"
  printf '%-9s %-38s %9s %9s\n' "" "Csc task, paired on-off (ms)" "$(paste -d' ' "$on" "$off" | awk '{print $2 - $6}' | median)" ""
  printf '%-9s %-38s %9s %9s\n' "" "build wall on / off (ms)" "$(cut -d' ' -f1 "$on" | median)/$(cut -d' ' -f1 "$off" | median)" "$(cut -d' ' -f1 "$on" | minimum)/$(cut -d' ' -f1 "$off" | minimum)"
  printf '%-9s %-38s %9s %9s\n' "" "build wall, paired on-off (ms)" "$(paste -d' ' "$on" "$off" | awk '{print $1 - $5}' | median)" ""
}

interleaved() { # mode, shared, before-each-build command
  local i
  for ((i = 0; i < runs; i++)); do
    # Alternate which project goes first, so a trend in the machine's load does not favour one.
    if ((i % 2 == 0)); then $3; build on "$1" "$2"; $3; build off "$1" "$2"
    else $3; build off "$1" "$2"; $3; build on "$1" "$2"; fi
  done
}

echo "load average before: $(load) ($(nproc) cores)"
for mode in $modes; do
  case $mode in
    warm)
      stop_server
      for _ in 1 2; do build on warmup true; build off warmup true; done
      interleaved warm true true
      report warm
      stop_server
      ;;
    cold)
      interleaved cold true stop_server
      report cold
      stop_server
      ;;
    noserver)
      interleaved noserver false true
      report noserver
      ;;
    csc)
      # The compiler command line MSBuild ran (detailed log), without and with the analyzer.
      [[ -f "$work/on.log" ]] || build on setup false
      rsp="$work/on.rsp"
      grep -m1 -E '^ +[^ ]*/Roslyn/bincore/csc ' "$work/on.log" | sed -E 's#^ +([^ ]*/Roslyn/bincore)/csc #\1/csc.dll\n#' >"$work/csc.cmd"
      cscdll=$(head -n1 "$work/csc.cmd")
      tail -n +2 "$work/csc.cmd" | tr ' ' '\n' | grep -v '^$' >"$rsp"
      grep -v -E '/Builder\.(Analyzers|Parser)\.dll$' "$rsp" >"$work/off.rsp"
      rm -f "$work/on.csc" "$work/off.csc"
      for ((i = 0; i < runs; i++)); do
        for name in $( ((i % 2 == 0)) && echo "on off" || echo "off on"); do
          start=$(now_ms)
          (cd "$work/on" && dotnet "$cscdll" -nologo "@$work/$name.rsp" >"$work/$name.csc.out" 2>&1) || { cat "$work/$name.csc.out"; exit 1; }
          end=$(now_ms)
          ours=$(awk '$3 == "Builder.Analyzers," {printf "%.0f", $1 * 1000; exit}' "$work/$name.csc.out")
          total=$(awk '/Total analyzer execution time:/ {printf "%.0f", $5 * 1000; exit}' "$work/$name.csc.out")
          echo "$((end - start)) $((end - start)) ${ours:--} ${total:--}" >>"$work/$name.csc"
        done
      done
      printf '%-9s %-38s %9s %9s\n' csc "" median min
      printf '%-9s %-38s %9s %9s\n' "" "ReportAnalyzer: Builder.Analyzers (ms)" "$(cut -d' ' -f3 "$work/on.csc" | median)" "$(cut -d' ' -f3 "$work/on.csc" | minimum)"
      printf '%-9s %-38s %9s %9s\n' "" "csc process wall on / off (ms)" "$(cut -d' ' -f1 "$work/on.csc" | median)/$(cut -d' ' -f1 "$work/off.csc" | median)" "$(cut -d' ' -f1 "$work/on.csc" | minimum)/$(cut -d' ' -f1 "$work/off.csc" | minimum)"
      printf '%-9s %-38s %9s %9s\n' "" "csc process wall, paired on-off (ms)" "$(paste -d' ' "$work/on.csc" "$work/off.csc" | awk '{print $1 - $5}' | median)" ""
      ;;
    harness)
      # Built at the package's version, then run with the package's own IL and ready-to-run copies.
      dotnet build "$here/Builder.Bench.Analyzer/Builder.Bench.Analyzer.csproj" -c Release -nologo -v:q \
        -p:Version="$version" -o "$work/harness/bin" </dev/null >/dev/null
      pkg="$work/packages/builder.analyzers/$version"
      for bits in il r2r; do
        rm -rf "$work/harness/$bits"
        cp -r "$work/harness/bin" "$work/harness/$bits"
        if [[ $bits == il ]]; then cp "$pkg"/analyzers/dotnet/cs/*.dll "$work/harness/$bits/"
        elif compgen -G "$pkg/r2r/*/*/Builder.Parser.dll" >/dev/null; then cp "$pkg"/r2r/*/"$(dotnet msbuild "$work/on/Consumer.csproj" -getProperty:NETCoreSdkRuntimeIdentifier)"/*.dll "$work/harness/$bits/"
        else echo "harness: the package has no ready-to-run copies"; continue; fi
        for kind in roslyn phases; do
          : >"$work/harness.$kind"
          for ((i = 0; i < runs; i++)); do
            dotnet "$work/harness/$bits/Builder.Bench.Analyzer.dll" "$kind" "$work"/on/svc*/Dockerfile* | tail -n +2 >>"$work/harness.$kind"
          done
          echo "harness: $kind, package's $bits copies, fresh process each, medians of $runs"
          printf '  %-50s %8s %8s %8s\n' phase "wall ms" "JIT ms" methods
          # Columns from the right: result, methods, JIT ms, wall ms (warm rows have no JIT columns).
          awk '{ n = NF; if ($(n-2) ~ /^[0-9.]+$/ && $(n-3) ~ /^[0-9.]+$/) { name = ""; for (k = 1; k <= n-4; k++) name = name (k > 1 ? " " : "") $k; print name "\t" $(n-3) "\t" $(n-2) "\t" $(n-1) }
                 else { name = ""; for (k = 1; k <= n-2; k++) name = name (k > 1 ? " " : "") $k; print name "\t" $(n-1) "\t-\t-" } }' "$work/harness.$kind" >"$work/harness.$kind.tsv"
          cut -f1 "$work/harness.$kind.tsv" | awk '!seen[$0]++' | while IFS= read -r phase; do
            col() { awk -F'\t' -v p="$phase" -v c="$1" '$1 == p && $c != "-" {print $c}' "$work/harness.$kind.tsv" | median; }
            printf '  %-50s %8s %8s %8s\n' "$phase" "$(col 2)" "$(col 3)" "$(col 4)"
          done
        done
      done
      ;;
    *) echo "analyzer-cost.sh: unknown mode $mode" >&2; exit 2 ;;
  esac
  echo "load average: $(load)"
done
