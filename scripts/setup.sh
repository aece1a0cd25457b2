#!/usr/bin/env bash
# Prepare this machine to build and test Builder, then build the solution (Release).
# Idempotent and quiet: on a machine that is already set up it prints nothing.
# Runs as root on Debian 12; installs missing packages with apt-get only.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages the build and the tests need: gcc and librust-blake3-dev (the official BLAKE3 C
# sources, compiled into Builder.Cache's libbuilder_blake3.so), golang-lukechampine-blake3-dev
# (its testdata/vectors.json is the official BLAKE3 test-vector file), libzstd1 for zstd layers
# (loaded at run time) and the zstd command the layer tests check them with, and for the sandbox
# and OCI interop tests busybox base images, runc cross-checks, skopeo/umoci readers; bzip2 and
# xz-utils decompress ADD archives (no managed codec in the registry); libc6-dev for the static
# libc.a the sandbox helper builder-sandbox links; docker-registry (and apache2-utils' htpasswd for its
# auth) for the registry client's tests; zlib1g-dev for linking the ahead-of-time compiled CLI;
# bsdutils' script (essential in Debian, listed for minimal images) for the `run -it` terminal test.
packages=(gcc make git ca-certificates librust-blake3-dev golang-lukechampine-blake3-dev
  libzstd1 zstd busybox-static runc skopeo umoci bzip2 xz-utils libc6-dev docker-registry apache2-utils zlib1g-dev
  bsdutils)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
    echo "setup.sh: run as root, or install them with: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt_log=$(mktemp)
  if ! { apt-get update -qq &&
    apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    rm -f "$apt_log"
    echo "setup.sh: apt-get failed installing: ${missing[*]}" >&2
    exit 1
  fi
  rm -f "$apt_log"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup.sh: 'dotnet' was not found on PATH." >&2
  echo "setup.sh: install the .NET 10 SDK (10.0.401 or a later 10.0 feature band, see global.json)" >&2
  echo "setup.sh: and make sure 'dotnet' is on PATH, then rerun." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
if ! dotnet build "$repo_root/Builder.sln" -c Release -nologo -tl:off -v:quiet \
  -clp:'ErrorsOnly;NoSummary' >"$build_log" 2>&1; then
  cat "$build_log" >&2
  echo "setup.sh: build failed (dotnet build Builder.sln -c Release)" >&2
  exit 1
fi

# The `builder` command itself, compiled ahead of time (Native AOT, linked with gcc): no runtime
# start-up, no JIT. A cached build or `builder run` is otherwise mostly the runtime starting and
# the JIT warming up (an all-CACHED build: 0.34 s ReadyToRun, 0.28 s AOT under load). The demo,
# the benchmarks and the published-CLI tests run .builder/bin/builder; other tests use the build
# output. The publish is skipped when nothing it is made of changed since the last one.
stamp="$repo_root/.builder/bin/.published"
if [[ ! -x "$repo_root/.builder/bin/builder" || ! -f $stamp ]] ||
  [[ -n $(find "$repo_root"/{Cli,Parser,Cache,Planner,Executor,Runner} "$repo_root"/Directory.*.props \
    -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.c' -o -name '*.h' \) \
    -not -path '*/obj/*' -not -path '*/bin/*' -print -quit) ]]; then
  if ! dotnet publish "$repo_root/Cli/Builder.Cli.csproj" -c Release -r linux-x64 \
    -o "$repo_root/.builder/bin" -nologo -tl:off -v:quiet \
    -clp:'ErrorsOnly;NoSummary' >"$build_log" 2>&1; then
    cat "$build_log" >&2
    echo "setup.sh: publishing the builder command failed (dotnet publish Cli -r linux-x64)" >&2
    exit 1
  fi
  touch "$stamp"
fi
