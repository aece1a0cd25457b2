#!/usr/bin/env bash
# The README's first command: set the machine up, build, make a busybox base image with
# `builder import`, build the sample Dockerfile in fixtures/sample (two stages, RUN in the sandbox,
# COPY --from, USER) into an image, run it with the bundled runner, then build it again (all
# CACHED).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

"$repo_root/scripts/setup.sh"

sample=fixtures/sample/Dockerfile
cli=("$repo_root/.builder/bin/builder")

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

# The sample: a two-stage build whose RUN steps run in Builder's namespace sandbox, then the
# image runs with the bundled runner (`builder run`, no daemon).
echo
echo "\$ builder build -t demo/sample:1 fixtures/sample"
"${cli[@]}" build --progress=plain -t demo/sample:1 fixtures/sample
echo
echo "\$ builder run --rm demo/sample:1"
"${cli[@]}" run --rm demo/sample:1
echo
echo "\$ builder build -t demo/sample:1 fixtures/sample   # again: every step CACHED"
"${cli[@]}" build --progress=plain -t demo/sample:1 fixtures/sample
echo
echo "\$ builder history demo/sample:1"
"${cli[@]}" history demo/sample:1
