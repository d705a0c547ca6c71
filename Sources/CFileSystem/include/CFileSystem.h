#ifndef VB365_CFILESYSTEM_H
#define VB365_CFILESYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE). Returns 0, or -1 with
/// errno set (ENOSYS or EINVAL where the system or file system cannot do it).
int vb365_exchange_paths(const char *first, const char *second);

#endif
