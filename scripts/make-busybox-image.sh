#!/usr/bin/env bash
# make-busybox-image.sh [NAME[:TAG]]: build a busybox root file system from Debian's busybox-static
# (/bin/busybox, a symlink per applet where `busybox --install -s` puts it, minimal /etc/passwd and
# /etc/group, /tmp 1777) and import it with `builder import` (default name builder-test/busybox:latest).
# The store is --root/BUILDER_ROOT as usual; SOURCE_DATE_EPOCH defaults to 0 so the image id depends
# only on the busybox binary. Needs a Release build (scripts/setup.sh) and busybox-static.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=${1:-builder-test/busybox:latest}
builder=${BUILDER:-"$repo_root/.builder/bin/builder"}

if [[ ! -x /bin/busybox ]]; then
  echo "make-busybox-image.sh: /bin/busybox is missing; install the Debian package busybox-static (scripts/setup.sh does)." >&2
  exit 1
fi

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
chmod 0755 "$rootfs"
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,root,tmp,var}
chmod 0700 "$rootfs/root"
chmod 1777 "$rootfs/tmp"
install -m 0755 /bin/busybox "$rootfs/bin/busybox"
# `busybox --list-full` names each applet where `busybox --install -s` would link it; doing the
# links here needs no chroot (and so no root).
/bin/busybox --list-full | while IFS= read -r applet; do
  [[ -e $rootfs/$applet || -L $rootfs/$applet ]] && continue
  mkdir -p "$rootfs/$(dirname "$applet")"
  ln -s /bin/busybox "$rootfs/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group"

SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0} $builder import -m "busybox-static rootfs" "$rootfs" "$name"
