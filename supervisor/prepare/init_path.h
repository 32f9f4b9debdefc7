/* SPDX-License-Identifier: MIT */
/*
 * Finds tether-init and makes the sealed in-memory copy the child executes, so that the
 * container's PID 1 is never a host file that root inside could reach through
 * /proc/1/exe and overwrite (runc CVE-2019-5736).
 */
#ifndef TETHER_INIT_PATH_H
#define TETHER_INIT_PATH_H

#include <stddef.h>

#ifndef TETHER_LIBEXECDIR
#define TETHER_LIBEXECDIR "/usr/local/libexec/tether"
#endif

/*
 * The init to use: explicit (--init) if given, else tether-init next to this program
 * (dirname of /proc/self/exe), else TETHER_LIBEXECDIR/tether-init. Writes the path into
 * buf; returns 0 or -errno (-ENOENT when neither exists).
 */
int init_find(const char *explicit, char *buf, size_t size);
/*
 * A close-on-exec memfd holding a copy of path, sealed against every change (seal, shrink,
 * grow, write). Returns the descriptor or -errno; *what names the operation that failed.
 */
int init_memfd(const char *path, const char **what);
/* The same for any executable, the memfd named name (tether exec's copy of itself). */
int exe_memfd(const char *path, const char *name, const char **what);

#endif
