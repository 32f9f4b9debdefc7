/* SPDX-License-Identifier: MIT */
/* passwd.h: colon files parsed line by line; passwd: name:x:uid:gid:gecos:home:shell. */
#include "passwd.h"
#include "fd.h"
#include "parse.h"
#include "syscall.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *open_db(const char *root, const char *path)
{
	struct tether_open_how how = {O_RDONLY | O_CLOEXEC, 0,
				      RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	int rfd, fd;
	FILE *f;

	if (!root)
		return fopen(path, "re");
	rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0)
		return NULL;
	fd = sys_openat2(rfd, path, &how);
	fd_close(rfd);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (!f)
		fd_close(fd);
	return f;
}

int passwd_lookup(const char *root, const char *path, const char *key, bool by_id,
		  bool want_strings, struct passwd_entry *out)
{
	FILE *f = open_db(root, path);
	const char *base = strrchr(path, '/');
	bool is_group = strcmp(base ? base + 1 : path, "group") == 0;
	char *line = NULL;
	size_t cap = 0;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (!f)
		return 0;
	while (!found && getline(&line, &cap, f) > 0) {
		char *fields[7] = {0}, *p = line;
		size_t n = 0;

		line[strcspn(line, "\n")] = '\0';
		while (n < 7 && p) {
			fields[n++] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = '\0';
		}
		if (n < 3 || parse_uint(fields[2], UINT32_MAX - 1, &out->id) < 0)
			continue;
		if (strcmp(by_id ? fields[2] : fields[0], key) != 0)
			continue;
		/*
		 * passwd lines have 7 fields and a gid; group lines 4, the last a member list.
		 * A passwd line without its gid is no entry, never one with gid 0.
		 */
		found = is_group ||
			(n >= 4 && parse_uint(fields[3], UINT32_MAX - 1, &out->gid) == 0);
		if (found && want_strings) {
			out->name = strdup(fields[0]);
			if (n >= 6 && fields[5][0] == '/')
				out->home = strdup(fields[5]);
		}
	}
	free(line);
	fclose(f);
	return found;
}

void passwd_entry_free(struct passwd_entry *e)
{
	free(e->name);
	free(e->home);
	e->name = e->home = NULL;
}
