#define _GNU_SOURCE
#include "CFileSystem.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
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

static void vb365_remove_folder(int parent, const char *name, int *failure);

static void vb365_record(int *failure, int code) {
    if (*failure == 0 && code != ENOENT) *failure = code;
}

// Removes everything in the folder open as `fd` (which it closes).
static void vb365_empty_folder(int fd, int *failure) {
    DIR *listing = fdopendir(fd);
    if (listing == NULL) {
        vb365_record(failure, errno);
        close(fd);
        return;
    }
    for (;;) {
        errno = 0;
        struct dirent *entry = readdir(listing);
        if (entry == NULL) {
            if (errno != 0) vb365_record(failure, errno);
            break;
        }
        const char *name = entry->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
        int folder = entry->d_type == DT_DIR;
        if (entry->d_type == DT_UNKNOWN) {
            struct stat info;
            folder = fstatat(dirfd(listing), name, &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(info.st_mode);
        }
        if (folder) {
            vb365_remove_folder(dirfd(listing), name, failure);
        } else if (unlinkat(dirfd(listing), name, 0) != 0) {
            if (errno == EISDIR) {
                vb365_remove_folder(dirfd(listing), name, failure);
            } else {
                vb365_record(failure, errno);
            }
        }
    }
    closedir(listing);
}

// Removes the folder `name` in `parent` and everything in it. A folder a listing did not show
// whole (a file system whose listing skips entries removed meanwhile) is emptied again.
static void vb365_remove_folder(int parent, const char *name, int *failure) {
    for (int attempt = 0; attempt < 3; attempt++) {
        // O_NOFOLLOW: a symbolic link put in the folder's place is never entered.
        int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            vb365_record(failure, errno);
            return;
        }
        vb365_empty_folder(fd, failure);
        if (unlinkat(parent, name, AT_REMOVEDIR) == 0) return;
        if (errno != ENOTEMPTY && errno != EEXIST) {
            vb365_record(failure, errno);
            return;
        }
    }
    vb365_record(failure, ENOTEMPTY);
}

int vb365_remove_tree(int folder, const char *name) {
    if (unlinkat(folder, name, 0) == 0 || errno == ENOENT) return 0;
    // Linux says EISDIR for a folder; POSIX allows EPERM.
    if (errno != EISDIR && errno != EPERM) return -1;
    int failure = 0;
    vb365_remove_folder(folder, name, &failure);
    if (failure != 0) {
        errno = failure;
        return -1;
    }
    return 0;
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
