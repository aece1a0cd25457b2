#!/usr/bin/env bash
# RUN sandbox start-up: runs `/bin/true` in the same busybox bundle (fixtures/sandbox/default-run's
# config.json: Docker's capabilities, runc's masks, pid/net/ipc/uts/mount namespaces) N times
# under builder-sandbox and under `runc run`, interleaved, and prints the median, min and max
# wall milliseconds per run of each (clock: bash's $EPOCHREALTIME around the whole command, fork
# and exec of the runtime included), next to `/bin/true` started directly as the floor.
#
#   bench/run-sandbox.sh            50 runs of each (root, Debian packages busybox-static and runc)
#   RUNS=200 bench/run-sandbox.sh
#   SANDBOX=/path/to/builder-sandbox bench/run-sandbox.sh   (default: built with gcc into a temp dir)
#
# On a shared machine the numbers follow its load (printed before and after).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
runs=${RUNS:-50}

if [[ $(id -u) != 0 ]]; then
  echo "run-sandbox.sh: run as root (namespaces, mounts)" >&2
  exit 1
fi
for tool in busybox runc gcc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-sandbox.sh: $tool is missing (apt-get install busybox-static runc gcc)" >&2
    exit 1
  fi
done

work=$(mktemp -d /tmp/builder-bench-sandbox.XXXXXX)
trap 'rm -rf "$work"' EXIT

sandbox=${SANDBOX:-}
if [[ -z $sandbox ]]; then
  sandbox=$work/builder-sandbox
  gcc -std=gnu11 -Wall -Wextra -Werror -O2 -static -o "$sandbox" "$repo"/Executor/native/sandbox/*.c
fi

# The rootfs: busybox and a link per applet, as the test kit's BusyboxImage makes it.
bundle=$work/bundle
mkdir -p "$bundle/rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,root,tmp,var}
cp "$(command -v busybox)" "$bundle/rootfs/bin/busybox"
busybox --list-full | while read -r applet; do
  [[ $applet == bin/busybox || -e $bundle/rootfs/$applet ]] || ln -s /bin/busybox "$bundle/rootfs/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$bundle/rootfs/etc/passwd"

# The golden default config with `/bin/true` as the process and / as the working directory.
sed -e 's|"/bin/sh",|"/bin/true"|' -e '/^      "-c",$/d' -e '/^      "echo hi"$/d' -e 's|"cwd": "/work"|"cwd": "/"|' \
  "$repo/fixtures/sandbox/default-run/config.json" >"$bundle/config.json"

# $EPOCHREALTIME (microseconds once the point is dropped) needs no process of its own, unlike date.
ours=() theirs=() plain=()
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < runs; i++)); do
  t0=${EPOCHREALTIME/[.,]/}
  "$sandbox" run "$bundle" </dev/null
  t1=${EPOCHREALTIME/[.,]/}
  runc --root "$work/runc" run --bundle "$bundle" "bench-$i" </dev/null
  t2=${EPOCHREALTIME/[.,]/}
  /bin/true </dev/null
  t3=${EPOCHREALTIME/[.,]/}
  ours+=($((t1 - t0)))
  theirs+=($((t2 - t1)))
  plain+=($((t3 - t2)))
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"

stats() { # microseconds → "median min max" in ms
  sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%8.2f %8.2f %8.2f", m / 1000, v[1] / 1000, v[NR] / 1000 }'
}
printf '%-16s %8s %8s %8s   (ms per run of /bin/true, %d runs each, interleaved)\n' runtime median min max "$runs"
printf '%-16s %s\n' builder-sandbox "$(printf '%s\n' "${ours[@]}" | stats)"
printf '%-16s %s\n' "runc run" "$(printf '%s\n' "${theirs[@]}" | stats)"
printf '%-16s %s\n' "/bin/true alone" "$(printf '%s\n' "${plain[@]}" | stats)"
