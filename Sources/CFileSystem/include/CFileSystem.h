#ifndef VB365_CFILESYSTEM_H
#define VB365_CFILESYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE). Returns 0, or -1 with
/// errno set (ENOSYS or EINVAL where the system or file system cannot do it).
int vb365_exchange_paths(const char *first, const char *second);

/// Flushes to the disk every file and folder written on the file system that holds the open
/// descriptor `fd` (Linux syncfs, which Swift's Glibc module does not declare), and reports a
/// write-back failure such as ENOSPC or EIO. Returns 0, or -1 with errno set. Elsewhere it calls
/// sync(), which may return before the data is on the disk.
int vb365_sync_file_system(int fd);

/// Removes `name` in the folder open as `folder` (a descriptor, or AT_FDCWD) and, when it is a
/// folder, everything below it, with openat/unlinkat relative to each folder's descriptor, as
/// `rm -rf` does. A symbolic link is removed, never followed, so nothing outside the tree is
/// touched. It goes on past a failure and returns 0, or -1 with errno set to the first failure's.
int vb365_remove_tree(int folder, const char *name);

/// The git commit the binary was built from ("1f59ac0", "1f59ac0-dirty"), or "" when none was
/// given. script/package and script/install link in an object defining `vb365_build_commit_id`
/// (only the link step changes, so a new commit does not recompile the package); a build may also
/// pass `-Xcc -DVB365_COMMIT='"1f59ac0"'`.
const char *vb365_build_commit(void);

#endif
