/* SPDX-License-Identifier: MIT */
/*
 * identity.h: passwd and group files are parsed here rather than with getpwnam(3): NSS
 * would ask the host's databases, and the names that count are the rootfs's own. The files
 * are opened with RESOLVE_IN_ROOT, so a symlinked /etc/passwd cannot show a host file.
 */
#include "identity.h"
#include "passwd.h"
#include "fd.h"
#include "log.h"
#include "parse.h"
#include "proc.h"
#include "syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Fills id, gid and home from file inside the rootfs (or the host's without one). */
static int lookup(const struct run_config *cfg, const char *file, const char *key, bool by_id,
		  unsigned long long *id, unsigned long long *gid, char **home)
{
	struct passwd_entry e;

	if (!passwd_lookup(cfg->iso.rootfs, file, key, by_id, home != NULL, &e))
		return 0;
	*id = e.id;
	if (gid)
		*gid = e.gid;
	if (home) {
		*home = e.home;
		e.home = NULL;
	}
	passwd_entry_free(&e);
	return 1;
}

static int resolve_user(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	char *spec = strdup(iso->user_arg), *group;
	unsigned long long uid, gid = 0, v;
	bool have_gid = false;
	int r = PROC_EXIT_SETUP;

	if (!spec)
		return r;
	group = strchr(spec, ':');
	if (group)
		*group++ = '\0';
	if (!spec[0] || (group && !group[0])) {
		log_error(0, "--user %s: expected USER[:GROUP]", iso->user_arg);
		goto out;
	}
	if (parse_uint(spec, UINT32_MAX - 1, &uid) == 0) {
		/* A number needs no entry; with one, its group and home come along. */
		if (lookup(cfg, "/etc/passwd", spec, true, &v, &gid, &iso->home))
			have_gid = true;
	} else if (lookup(cfg, "/etc/passwd", spec, false, &uid, &gid, &iso->home)) {
		have_gid = true;
	} else {
		log_error(0, "--user %s: no user %s in %s/etc/passwd", iso->user_arg, spec,
			  iso->rootfs ? iso->rootfs : "");
		goto out;
	}
	if (group) {
		if (parse_uint(group, UINT32_MAX - 1, &gid) < 0 &&
		    !lookup(cfg, "/etc/group", group, false, &gid, NULL, NULL)) {
			log_error(0, "--user %s: no group %s in %s/etc/group", iso->user_arg, group,
				  iso->rootfs ? iso->rootfs : "");
			goto out;
		}
	} else if (!have_gid) {
		gid = uid; /* no entry: the user's own number, never root's group by surprise */
	}
	iso->uid = (uid_t) uid;
	iso->gid = (gid_t) gid;
	iso->has_user = true;
	r = 0;
out:
	free(spec);
	return r;
}

/* Adds or replaces "K=V" in the NULL-terminated env (room for it is guaranteed). */
static void env_put(char **env, size_t *n, char *kv)
{
	size_t klen = strcspn(kv, "=");

	for (size_t i = 0; i < *n; i++)
		if (strncmp(env[i], kv, klen) == 0 && env[i][klen] == '=') {
			env[i] = kv;
			return;
		}
	env[(*n)++] = kv;
	env[*n] = NULL;
}

static bool env_has(char **env, size_t n, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < n; i++)
		if (strncmp(env[i], key, klen) == 0 && env[i][klen] == '=')
			return true;
	return false;
}

#define ENV_FILE_MAX (1024 * 1024)

/*
 * The whole of an --env-file: a regular file (a FIFO or a device would hang us or never
 * end), at most ENV_FILE_MAX bytes, every read error an error. Returns the length, or -1
 * after saying why.
 */
static ssize_t slurp_env_file(const char *path, char *buf)
{
	struct stat st;
	size_t len = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0) {
		log_error(errno, "--env-file %s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		log_error(errno, "--env-file %s", path);
		fd_close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		log_error(0, "--env-file %s: not a regular file", path);
		fd_close(fd);
		return -1;
	}
	for (;;) {
		r = read(fd, buf + len, ENV_FILE_MAX + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t) r;
		if (len > ENV_FILE_MAX)
			break;
	}
	if (r < 0)
		log_error(errno, "--env-file %s: read", path);
	else if (len > ENV_FILE_MAX)
		log_error(0, "--env-file %s: larger than %d bytes", path, ENV_FILE_MAX);
	fd_close(fd);
	return r < 0 || len > ENV_FILE_MAX ? -1 : (ssize_t) len;
}

/* KEY=VALUE lines; blank lines and # comments skipped. Strings are kept (never freed). */
static int read_env_file(const char *path, char ***lines, size_t *n)
{
	char *buf = malloc(ENV_FILE_MAX + 2), *line, *next;
	size_t lineno = 0;
	ssize_t len;
	int r = 0;

	if (!buf) {
		log_error(ENOMEM, "--env-file %s", path);
		return PROC_EXIT_SETUP;
	}
	len = slurp_env_file(path, buf);
	if (len < 0) {
		free(buf);
		return PROC_EXIT_SETUP;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', (size_t) len)) {
		log_error(0, "--env-file %s: a NUL byte in the file", path);
		free(buf);
		return PROC_EXIT_SETUP;
	}
	for (line = buf; r == 0 && *line; line = next) {
		char **grown;

		lineno++;
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (line[0] == '=' || !strchr(line, '=')) {
			log_error(0, "--env-file %s: line %zu: expected KEY=VALUE", path, lineno);
			r = PROC_EXIT_SETUP;
			break;
		}
		grown = realloc(*lines, (*n + 1) * sizeof(**lines));
		if (grown)
			*lines = grown;
		if (!grown || !(grown[*n] = strdup(line))) {
			log_error(ENOMEM, "--env-file %s", path);
			r = PROC_EXIT_SETUP;
			break;
		}
		(*n)++;
	}
	free(buf);
	return r;
}

static int build_env(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	char **file_lines, **env;
	size_t n_lines, n = 0, max;
	const char *term = getenv("TERM");
	int r;

	for (size_t i = 0; i < iso->n_env_args; i++)
		if (iso->env_args[i][0] == '=' || !strchr(iso->env_args[i], '=')) {
			log_error(0, "--env %s: expected KEY=VALUE", iso->env_args[i]);
			return PROC_EXIT_SETUP;
		}
	for (size_t i = 0; i < iso->n_env_files; i++) {
		r = read_env_file(iso->env_files[i], &iso->env_lines, &iso->n_env_lines);
		if (r)
			return r;
	}
	file_lines = iso->env_lines;
	n_lines = iso->n_env_lines;
	max = n_lines + iso->n_env_args + 4;
	if (!iso->clear_env)
		for (char **e = environ; *e; e++)
			max++;
	env = calloc(max, sizeof(*env));
	if (!env)
		return PROC_EXIT_SETUP;
	if (!iso->clear_env)
		for (char **e = environ; *e; e++)
			env_put(env, &n, *e);
	/* Sensible defaults first: the files and --env can still change them. */
	if (!env_has(env, n, "PATH"))
		env_put(env, &n, (char *) "PATH=" DEFAULT_PATH);
	if (iso->clear_env && term && asprintf(&iso->env_owned[0], "TERM=%s", term) > 0)
		env_put(env, &n, iso->env_owned[0]);
	if (iso->has_user || iso->clear_env || !env_has(env, n, "HOME")) {
		if (asprintf(&iso->env_owned[1], "HOME=%s", iso->home ? iso->home : "/") > 0)
			env_put(env, &n, iso->env_owned[1]);
	}
	for (size_t i = 0; i < n_lines; i++)
		env_put(env, &n, file_lines[i]);
	for (size_t i = 0; i < iso->n_env_args; i++)
		env_put(env, &n, (char *) iso->env_args[i]);
	iso->envp = env;
	return 0;
}

int identity_prepare(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	int r;

	if (iso->user_arg) {
		r = resolve_user(cfg);
		if (r)
			return r;
	}
	if (iso->cwd && iso->cwd[0] != '/') {
		log_error(0, "--cwd %s: must be an absolute path", iso->cwd);
		return PROC_EXIT_SETUP;
	}
	/* The environment only changes when asked: otherwise the child keeps environ. */
	if (iso->user_arg || iso->clear_env || iso->n_env_args || iso->n_env_files)
		return build_env(cfg);
	return 0;
}

void identity_free(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;

	/* The others point into environ or argv. */
	for (size_t i = 0; i < iso->n_env_lines; i++)
		free(iso->env_lines[i]);
	free(iso->env_lines);
	iso->env_lines = NULL;
	iso->n_env_lines = 0;
	free(iso->env_owned[0]);
	free(iso->env_owned[1]);
	iso->env_owned[0] = iso->env_owned[1] = NULL;
	free(iso->envp);
	iso->envp = NULL;
	free(cfg->iso.home);
	cfg->iso.home = NULL;
}

/* Child: cwd after pivot_root, checked to be under the new root (CVE-2024-21626). */
static int op_cwd(const char *dir)
{
	char buf[PATH_MAX];

	if (chdir(dir) < 0)
		return -errno;
	/* A directory outside the root shows as "(unreachable)/..." or fails: refuse it. */
	if (!getcwd(buf, sizeof(buf)))
		return -errno;
	return buf[0] == '/' ? 0 : -EXDEV;
}

int identity_run_op(const struct setup_op *op, const struct run_config *cfg)
{
	switch (op->kind) {
	case SETUP_ENV:
		environ = cfg->iso.envp;
		return 0;
	case SETUP_CWD:
		return op_cwd(op->arg);
	default:
		return -EINVAL;
	}
}
