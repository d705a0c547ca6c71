// zlib, for the gzip-compressed protection snapshots of the archive.
#include <zlib.h>
