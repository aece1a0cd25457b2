#!/usr/bin/env bash
# Per-step cost of RUN: builds `FROM localbase/busybox:1` + N × `RUN true` (default 20) with
# --no-cache, and the same Dockerfile with the RUN lines replaced by nothing, R times each
# (interleaved), and prints the median wall time of both and (with - without) / N: what one RUN
# step costs end to end (snapshot, sandbox start, layer commit, cache record). With BUILDKIT=1 it
# also times the same two Dockerfiles under `docker build` (BuildKit of ../shared/peers) in the
# same run; bench/run-sandbox.sh gives the bare sandbox start-up beside runc's.
#
#   bench/run-run-steps.sh            (root; the ahead-of-time compiled builder of scripts/setup.sh in .builder/bin)
#   N=20 R=5 BUILDKIT=1 bench/run-run-steps.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
n=${N:-20}; r=${R:-5}
builder=("$repo/.builder/bin/builder")
work=$(mktemp -d /tmp/builder-bench-runsteps.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/store
"${builder[@]}" load --root "$root" -i /var/lib/peers/busybox-oci.tar >/dev/null
mkdir -p "$work/with" "$work/without"
{ echo "FROM localbase/busybox:1"; for ((i = 1; i <= n; i++)); do echo "RUN true # $i"; done; } > "$work/with/Dockerfile"
echo "FROM localbase/busybox:1" > "$work/without/Dockerfile"

ms() { local s=$EPOCHREALTIME; "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; echo $(( (${EPOCHREALTIME/./} - ${s/./}) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

declare -A t
for ((k = 0; k < r; k++)); do
  for v in with without; do
    t[ours-$v]+="$(ms "${builder[@]}" build --root "$root" --no-cache -t bench/runsteps:$v "$work/$v") "
    if [[ ${BUILDKIT:-0} == 1 ]]; then
      t[bk-$v]+="$(ms env DOCKER_BUILDKIT=1 /usr/bin/docker build --no-cache -q -t bench/runsteps:$v "$work/$v") "
    fi
  done
done

report() {
  local with without
  with=$(tr ' ' '\n' <<<"${t[$1-with]}" | grep . | median)
  without=$(tr ' ' '\n' <<<"${t[$1-without]}" | grep . | median)
  printf '%-8s %d × RUN true: %6d ms   without: %6d ms   per RUN step: %5.1f ms\n' "$1" "$n" "$with" "$without" "$(bc -l <<<"($with - $without) / $n")"
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
report ours
# The same steps seen from inside the build: each RUN vertex's started→completed in BuildKit's
# rawjson progress (snapshot, sandbox, commit), without the planning and export a build adds.
# The progress goes to a file first: parsed from a pipe, python's start-up shared the two
# processors with the build and made every vertex look 10 ms slower.
"${builder[@]}" build --root "$root" --no-cache --progress=rawjson "$work/with" 2>"$work/rawjson" >/dev/null
python3 -c '
import sys, json, statistics
from datetime import datetime
def t(s): return datetime.fromisoformat(s.rstrip("Z")[:26])
d = [ (t(v["completed"]) - t(v["started"])).total_seconds() * 1000
      for line in sys.stdin if line.startswith("{")
      for v in json.loads(line).get("vertexes", []) if "completed" in v and " RUN true" in v["name"] ]
print(f"ours     RUN true vertex (started→completed), median of {len(d)}: {statistics.median(d):.1f} ms")' <"$work/rawjson"
[[ ${BUILDKIT:-0} == 1 ]] && report bk
exit 0
