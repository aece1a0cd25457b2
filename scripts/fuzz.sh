#!/usr/bin/env bash
# Runs the parser fuzz test (tests/Builder.Parser.Tests/Robustness) alone with many inputs:
#   scripts/fuzz.sh [ITERATIONS]        default 100000
# BUILDER_FUZZ_SEED picks another sequence of inputs (CI uses a fixed one), BUILDER_FUZZ_START the
# first input number (to replay one input: BUILDER_FUZZ_START=N scripts/fuzz.sh 1), and
# BUILDER_FUZZ_TIMEOUT the seconds allowed for the whole batch. Prints the number of inputs, the
# elapsed time and the result; failing inputs are saved under the test's output folder in
# fuzz-failures/ and printed as base64. Exits non-zero when anything failed.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

iterations=${1:-100000}
if ! [[ $iterations =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [ITERATIONS]" >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export BUILDER_FUZZ_ITERATIONS=$iterations
report=$(mktemp)
log=$(mktemp)
trap 'rm -f "$report" "$log"' EXIT
export BUILDER_FUZZ_REPORT=$report

echo "fuzz.sh: building (Release)..."
dotnet build tests/Builder.Parser.Tests -c Release -nologo -v quiet >"$log" 2>&1 || { cat "$log"; exit 1; }

echo "fuzz.sh: running $iterations inputs (seed ${BUILDER_FUZZ_SEED:-default}, start ${BUILDER_FUZZ_START:-0})..."
start=$(date +%s)
rc=0
dotnet test tests/Builder.Parser.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName=Builder.Parser.Tests.Robustness.ParserFuzzTests.Mutated_corpus_never_breaks_the_parser" \
  </dev/null >"$log" 2>&1 || rc=$?
elapsed=$(($(date +%s) - start))

if [[ -s $report ]]; then
  cat "$report"
else
  # No report: the test host died (a stack overflow, say) or the test did not run.
  cat "$log"
  echo "fuzz.sh: the test wrote no report; rerun with BUILDER_FUZZ_TRACE=1 to keep the input being checked in fuzz-failures/current.bin" >&2
  if ((rc == 0)); then rc=1; fi
fi

if ((rc == 0)); then
  echo "fuzz.sh: PASS - $iterations inputs in ${elapsed} s"
else
  echo "fuzz.sh: FAIL - $iterations inputs requested, ${elapsed} s; see above" >&2
fi
exit "$rc"
