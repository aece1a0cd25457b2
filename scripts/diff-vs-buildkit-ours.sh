#!/usr/bin/env bash
# Usage: scripts/setup.sh && OURS=scripts/diff-vs-buildkit-ours.sh ../shared/peers/diff-vs-buildkit.sh CASE_DIR
# Adapter for diff-vs-buildkit.sh: passes every flag (--network=none, --output type=oci,dest=F, ...)
# to `builder build`, with a private store that has localbase/busybox:1 loaded.
set -euo pipefail
B="$(cd "$(dirname "$0")/.." && pwd)/.builder/bin/builder"
ROOT=${BUILDER_DIFF_ROOT:-/tmp/diffbk-ours/store}
if [[ $1 != build ]]; then exec $B "$@" --root "$ROOT"; fi
shift
args=("$@")
$B images --root "$ROOT" | grep -q '^localbase/busybox ' || $B load --root "$ROOT" -i /var/lib/peers/busybox-oci.tar >&2
$B build --root "$ROOT" --progress=plain "${args[@]}"
