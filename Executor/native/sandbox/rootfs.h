/* The container's mount tree: runs in init, inside the new mount and pid namespaces. */
#ifndef BUILDER_SANDBOX_ROOTFS_H
#define BUILDER_SANDBOX_ROOTFS_H

#include "spec.h"

/* Makes the tree private, mounts what the spec asks, fills /dev, pivots into the rootfs, then
 * applies masked and read-only paths and root.readonly. Exits with EXIT_SETUP on failure. */
void rootfs_setup(const struct spec *spec);
/* root + path with every symlink resolved as if root were "/" (no escape through ".." or links). */
char *rootfs_join(const char *root, const char *path);

#endif
