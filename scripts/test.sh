#!/usr/bin/env bash
# The README's test command: set up and build (scripts/setup.sh), run every test project of
# Builder.sln, print each failure's name and message, and end with exactly one line
# `N passed, N failed` (`, N skipped` when some were). Exits non-zero when a test failed, when
# the run itself failed (build error, crashed test host) or when no test ran.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

"$repo_root/scripts/setup.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Each test project writes its TRX to its own TestResults/ folder (a shared --results-directory
# would let parallel projects race for the same file name); old ones are removed first.
trx_prefix=builder-test
find_trx() {
  find "$repo_root" -path "$repo_root/.git" -prune -o \
    -path '*/TestResults/*' -name "${trx_prefix}_*.trx" -type f -print
}
find_trx | while IFS= read -r old; do rm -f -- "$old"; done

log=$(mktemp)
trap 'rm -f "$log"' EXIT

test_rc=0
dotnet test "$repo_root/Builder.sln" -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=$trx_prefix" </dev/null >"$log" 2>&1 || test_rc=$?

mapfile -t trx_files < <(find_trx | sort)
summary_tool="$repo_root/tests/tools/TrxSummary/bin/Release/net10.0/TrxSummary.dll"

if ((${#trx_files[@]} == 0)); then
  cat "$log"
  echo "test.sh: the test run produced no results (dotnet test exited $test_rc)." >&2
  echo "0 passed, 0 failed"
  exit 1
fi

# The summary tool prints failures, then the summary as its last line; anything this script adds
# for a failed run must come before it, so its output is held back until then.
summary_rc=0
summary=$(dotnet "$summary_tool" "${trx_files[@]}") || summary_rc=$?

if ((test_rc != 0 && summary_rc == 0)); then
  # dotnet test failed but no test did: show why (crash, missing test host, bad options...).
  cat "$log"
  echo "test.sh: dotnet test exited $test_rc although no test failed; see the output above." >&2
fi

printf '%s\n' "$summary"

if ((test_rc != 0 || summary_rc != 0)); then
  exit 1
fi
