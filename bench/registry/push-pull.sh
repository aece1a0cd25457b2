#!/usr/bin/env bash
# Times builder push/pull of a one-layer image made from DIR (default /tmp/bigctx/data, ~200 MB)
# against skopeo copy, in the same run, against a docker-registry on 127.0.0.1 with fresh storage
# for every push. Usage: BUILDER=path/to/builder bench/registry/push-pull.sh [DIR] [RUNS]
# PULL_USER=nobody runs builder pull as that user: no snapshot unpacking, so it does what skopeo
# does (fetch, verify, store); as root it also unpacks, like docker pull.
set -euo pipefail
dir=${1:-/tmp/bigctx/data}
runs=${2:-3}
builder=${BUILDER:-$(dirname "$0")/../../Cli/bin/Release/net10.0/builder}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
host=127.0.0.1:$port
pid=
stop() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; }
trap 'stop; rm -rf "$work"' EXIT
restart() {
  stop
  rm -rf "$work/data"
  printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' "$work/data" "$host" >"$work/config.yml"
  docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://$host/v2/"; do sleep 0.1; done
}
t() { /usr/bin/time -f "$1: %e s, max RSS %M KB" "${@:2}" >/dev/null || echo "$1: FAILED (exit $?)"; }

"$builder" import --root "$work/store" "$dir" "$host/big:1" >/dev/null
for i in $(seq "$runs"); do
  restart
  t "builder push $i" "$builder" push --root "$work/store" "$host/big:1"
  if [[ -n ${PULL_USER:-} ]]; then
    mkdir -p "$work/pull$i" && chown "$PULL_USER" "$work/pull$i" && chmod 755 "$work"
    t "builder pull $i" setpriv --reuid="$PULL_USER" --regid="$(id -g "$PULL_USER")" --clear-groups env HOME=/tmp "$builder" pull --root "$work/pull$i" "$host/big:1"
  else
    t "builder pull $i" "$builder" pull --root "$work/pull$i" "$host/big:1"
  fi
  restart
  t "skopeo  push $i" skopeo copy -q --dest-tls-verify=false "oci:$work/store:$host/big:1" "docker://$host/big:1"
  t "skopeo  pull $i" skopeo copy -q --src-tls-verify=false "docker://$host/big:1" "oci:$work/skopeo$i:big"
done
echo "(as root builder pull also unpacks the layers as snapshots; PULL_USER=nobody compares the fetch alone)"
