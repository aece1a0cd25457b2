#!/usr/bin/env bash
# The README's first command: set the machine up, build, show Builder on a sample Dockerfile, make a
# busybox base image with `builder import`, list it and save it, then build a COPY-only Dockerfile
# twice (the second time from cache).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

"$repo_root/scripts/setup.sh"

sample=fixtures/sample/Dockerfile
cli=(dotnet run --project Cli/Builder.Cli.csproj -c Release --no-build --)

echo "\$ builder parse -f $sample --format tree"
"${cli[@]}" parse -f "$sample" --format tree
echo
echo "\$ builder parse -f $sample --format buildkit-dump"
"${cli[@]}" parse -f "$sample" --format buildkit-dump

# The image store: a busybox base image made by Builder itself (from Debian's busybox-static),
# listed, inspected and saved as a tar that OCI tools and `docker load` read.
export BUILDER_ROOT="$repo_root/.builder/demo-store"
echo
echo "\$ scripts/make-busybox-image.sh   # builder import of a busybox rootfs, store at $BUILDER_ROOT"
"$repo_root/scripts/make-busybox-image.sh"
echo
echo "\$ builder images"
"${cli[@]}" images
echo
echo "\$ builder history builder-test/busybox"
"${cli[@]}" history builder-test/busybox
echo
echo "\$ builder save -o .builder/busybox.tar builder-test/busybox"
"${cli[@]}" save -o "$repo_root/.builder/busybox.tar" builder-test/busybox
tar -tvf "$repo_root/.builder/busybox.tar"

# The build engine so far: FROM, metadata instructions and COPY from the context (RUN comes with
# the sandbox). Building twice shows the content-keyed cache: every step is CACHED the second time.
echo
echo "\$ builder build --progress=plain -t demo/copy:1 fixtures/build/scratch-copy/context"
"${cli[@]}" build --progress=plain -t demo/copy:1 fixtures/build/scratch-copy/context
echo
echo "\$ builder build --progress=plain -t demo/copy:1 fixtures/build/scratch-copy/context   # again"
"${cli[@]}" build --progress=plain -t demo/copy:1 fixtures/build/scratch-copy/context
echo
echo "\$ builder history demo/copy:1"
"${cli[@]}" history demo/copy:1
