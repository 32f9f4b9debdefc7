/* SPDX-License-Identifier: MIT */
/*
 * The state record's format (state.h): written whole to a marked temporary and linked
 * into place, read back line by line; values escaped so that a command's newlines and
 * '=' stay its own.
 */
#include "state.h"
#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
}

/* Names the unnamed file fd as tmp (nothing to do if it has a name already). */
static int link_tmp(int fd, const char *tmp)
{
	char proc[64];
	struct stat st;

	if (fstat(fd, &st) == 0 && st.st_nlink > 0)
		return 0;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) < 0 ? -errno : 0;
}

/* Nothing at path, or a marked regular file: ours to replace. */
static bool replaceable(const char *path)
{
	struct stat st;
	bool ok;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return errno == ENOENT;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && state_has_marker(fd);
	fd_close(fd);
	return ok;
}

int state_write(const char *dir, const struct state_rec *rec)
{
	char tmp[4096], path[4096];
	FILE *f;
	int fd, r;

	r = state_path(path, sizeof(path), dir, rec->name, "state");
	if (r == 0)
		r = state_path(tmp, sizeof(tmp), dir, rec->name, "state.tmp");
	if (r < 0)
		return r;
	/* Only the lock holder writes: a state.tmp there is a dead writer's, marked. */
	state_remove_own(dir, rec->name, "state.tmp");
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		r = -errno;
		fd_close(fd);
		return r;
	}
	fputs(STATE_MARKER, f);
	fprintf(f, "name=%s\nstate=%s\npid=%d\nmonitor_pid=%d\nuid=%u\nrestarts=%u\n", rec->name,
		rec->state, (int) rec->pid, (int) rec->monitor_pid, (unsigned int) rec->uid,
		rec->restarts);
	fprintf(f, "exit_status=%d\nstarted_at=%lld\nchanged_at=%lld\ngrace_ms=%lld\n",
		rec->exit_status, rec->started_at, rec->changed_at, rec->grace_ms);
	fprintf(f, "halt_signal=%s\nreboot_signal=%s\ngenerated=%d\n", rec->halt_signal,
		rec->reboot_signal, rec->is_generated ? 1 : 0);
	fprintf(f, "app_exit_status=%d\nhalted=%d\n", rec->app_exit_status, rec->is_halted ? 1 : 0);
	fprintf(f, "oom_killed=%d\n", rec->is_oom_killed ? 1 : 0);
	for (size_t i = 0; i < rec->n_ns; i++)
		fprintf(f, "ns=%s %lld %d\n", rec->ns[i].name, rec->ns[i].inode,
			rec->ns[i].is_new ? 1 : 0);
	for (size_t i = 0; i < rec->argc; i++) {
		fputs("arg=", f);
		put_escaped(f, rec->argv[i]);
		fputc('\n', f);
	}
	if (fflush(f) != 0 || ferror(f)) {
		r = -errno;
		fclose(f);
		unlink(tmp);
		return r ? r : -EIO;
	}
	r = link_tmp(fileno(f), tmp);
	fclose(f);
	if (r < 0)
		return r;
	/* Never over a file that is not ours. */
	if (!replaceable(path)) {
		unlink(tmp);
		return -EEXIST;
	}
	return rename(tmp, path) < 0 ? -errno : 0;
}

static char *unescape(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 'n' ? '\n' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

void state_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

void state_parse_line(struct state_rec *rec, char *line)
{
	char *eq = strchr(line, '='), *v;

	if (!eq)
		return;
	*eq = '\0';
	v = eq + 1;
	if (strcmp(line, "name") == 0)
		state_copy(rec->name, sizeof(rec->name), v);
	else if (strcmp(line, "state") == 0)
		state_copy(rec->state, sizeof(rec->state), v);
	else if (strcmp(line, "pid") == 0)
		rec->pid = (pid_t) atoi(v);
	else if (strcmp(line, "monitor_pid") == 0)
		rec->monitor_pid = (pid_t) atoi(v);
	else if (strcmp(line, "uid") == 0)
		rec->uid = (uid_t) strtoul(v, NULL, 10);
	else if (strcmp(line, "restarts") == 0)
		rec->restarts = (unsigned int) strtoul(v, NULL, 10);
	else if (strcmp(line, "exit_status") == 0)
		rec->exit_status = atoi(v);
	else if (strcmp(line, "app_exit_status") == 0)
		rec->app_exit_status = atoi(v);
	else if (strcmp(line, "halted") == 0)
		rec->is_halted = atoi(v) != 0;
	else if (strcmp(line, "oom_killed") == 0)
		rec->is_oom_killed = atoi(v) != 0;
	else if (strcmp(line, "started_at") == 0)
		rec->started_at = atoll(v);
	else if (strcmp(line, "changed_at") == 0)
		rec->changed_at = atoll(v);
	else if (strcmp(line, "grace_ms") == 0)
		rec->grace_ms = atoll(v);
	else if (strcmp(line, "generated") == 0)
		rec->is_generated = atoi(v) != 0;
	else if (strcmp(line, "halt_signal") == 0)
		state_copy(rec->halt_signal, sizeof(rec->halt_signal), v);
	else if (strcmp(line, "reboot_signal") == 0)
		state_copy(rec->reboot_signal, sizeof(rec->reboot_signal), v);
	else if (strcmp(line, "ns") == 0 && rec->n_ns < STATE_NS_MAX) {
		struct state_ns *ns = &rec->ns[rec->n_ns];
		int is_new = 0;

		if (sscanf(v, "%15s %lld %d", ns->name, &ns->inode, &is_new) == 3) {
			ns->is_new = is_new;
			rec->n_ns++;
		}
	} else if (strcmp(line, "arg") == 0 && rec->argc < STATE_ARGS_MAX) {
		rec->argv[rec->argc] = unescape(v);
		if (rec->argv[rec->argc])
			rec->argc++;
	}
}

void state_rec_free(struct state_rec *rec)
{
	for (size_t i = 0; i < rec->argc; i++)
		free(rec->argv[i]);
	rec->argc = 0;
}

int state_rec_result(const struct state_rec *rec)
{
	if (rec->exit_status >= 0 && rec->is_halted && rec->app_exit_status >= 0)
		return rec->app_exit_status;
	return rec->exit_status;
}
