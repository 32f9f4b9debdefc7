/* SPDX-License-Identifier: MIT */
/*
 * Users and groups read from passwd and group files directly, never through NSS: the files
 * that count are the container's, and a static glibc's NSS would drag in its loader.
 */
#ifndef TETHER_PASSWD_H
#define TETHER_PASSWD_H

#include <stdbool.h>

struct passwd_entry {
	unsigned long long id;  /* uid (passwd) or gid (group) */
	unsigned long long gid; /* passwd only */
	char *name;             /* malloc'd, when asked for */
	char *home;             /* malloc'd, passwd only, when asked for and absolute */
};

#define PASSWD_FILE_MAX (1 << 20)
/* Besides -errno: the file is not one we read. */
enum {
	PASSWD_ERR_SYMLINK = -10001,
	PASSWD_ERR_NOT_FILE = -10002,
	PASSWD_ERR_TOO_BIG = -10003,
	PASSWD_ERR_CHANGED = -10004, /* grew while read: a cut last line could misread */
};

/*
 * Finds key (a name, or a number when by_id) in the colon file path ("/etc/passwd" or
 * "/etc/group"), resolved inside the root directory root_fd (openat2 RESOLVE_IN_ROOT, so a
 * symlink planted in the rootfs cannot show a host file); AT_FDCWD: the host's file. Returns 1
 * found, 0 not found (also when there is no such file), or a negative error for passwd_strerror.
 * want_strings fills name and home (free them with passwd_entry_free).
 */
int passwd_lookup(int root_fd, const char *path, const char *key, bool by_id, bool want_strings,
		  struct passwd_entry *out);
/* What a negative result of passwd_lookup means, as the end of a message. */
const char *passwd_strerror(int r);
void passwd_entry_free(struct passwd_entry *e);

#endif
