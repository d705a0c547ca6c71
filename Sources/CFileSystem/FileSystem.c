#define _GNU_SOURCE
#include "CFileSystem.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

int vb365_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */);
#else
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
#endif
}

int vb365_sync_file_system(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    (void)fd;
    sync();
    return 0;
#endif
}

#if defined(VB365_COMMIT)
const char *vb365_build_commit(void) { return VB365_COMMIT; }
#elif defined(__ELF__)
// Weak: a plain `swift build` links without a definition, and the address is then null.
extern const char vb365_build_commit_id[] __attribute__((weak));
const char *vb365_build_commit(void) { return vb365_build_commit_id ? vb365_build_commit_id : ""; }
#else
const char *vb365_build_commit(void) { return ""; }
#endif
