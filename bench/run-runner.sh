#!/usr/bin/env bash
# Start-up latency of `builder run --rm IMAGE true` against runc on the same bundle, podman and
# docker (when their daemons/binaries are there), interleaved, N rounds, medians in ms.
# Also times `builder --version` (the .NET start-up floor of any builder command).
# Usage: bench/run-runner.sh [ROUNDS]   (root; uses the ahead-of-time compiled builder scripts/setup.sh publishes
# into .builder/bin, else builds the CLI in Release)
set -euo pipefail
rounds=${1:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
builder="$repo/.builder/bin/builder"
if [[ ! -x $builder ]]; then
  dotnet build "$repo/Cli/Builder.Cli.csproj" -c Release -v q -nologo >/dev/null
  builder="$repo/Cli/bin/Release/net10.0/builder"
fi
work=$(mktemp -d /tmp/run-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export BUILDER_ROOT="$work/store"
archive=/var/lib/peers/busybox-oci.tar
"$builder" load -i "$archive" >/dev/null
"$builder" bundle localbase/busybox:1 "$work/bundle" >/dev/null
# runc gets the same command as the others.
python3 - "$work/bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]; c = json.load(open(p)); c["process"]["args"] = ["true"]; json.dump(c, open(p, "w"))
PY
"$builder" run --rm localbase/busybox:1 true   # unpack the snapshots once

declare -A cmds=(
  [builder]="$builder run --rm localbase/busybox:1 true"
  [dotnet-noop]="$builder --version"
  [runc]="runc run --bundle $work/bundle bench-\$RANDOM"
)
if command -v podman >/dev/null; then
  podman load -q -i "$archive" >/dev/null 2>&1 || true
  cmds[podman]="podman run --rm localbase/busybox:1 true"
fi
if pgrep -x dockerd >/dev/null && command -v docker >/dev/null; then
  cmds[docker]="docker run --rm localbase/busybox:1 true"
fi

for name in "${!cmds[@]}"; do : >"$work/$name.ms"; eval "${cmds[$name]}" >/dev/null 2>&1 || echo "warning: $name failed its warm-up" >&2; done
for ((i = 0; i < rounds; i++)); do
  for name in "${!cmds[@]}"; do
    start=$(date +%s%N)
    eval "${cmds[$name]}" >/dev/null 2>&1 || true
    echo $(( ($(date +%s%N) - start) / 1000000 )) >>"$work/$name.ms"
  done
done
printf '%-12s %8s  (%d rounds, interleaved)\n' tool median_ms "$rounds"
for name in "${!cmds[@]}"; do
  printf '%-12s %8s\n' "$name" "$(sort -n "$work/$name.ms" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
done
