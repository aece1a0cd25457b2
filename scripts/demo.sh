#!/usr/bin/env bash
# The README's first command: set the machine up, build, and show Builder on a sample Dockerfile.
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
