/* SPDX-License-Identifier: MIT */
/*
 * identity.h: passwd and group files are parsed here rather than with getpwnam(3): NSS
 * would ask the host's databases, and the names that count are the rootfs's own. The files
 * are opened with RESOLVE_IN_ROOT, so a symlinked /etc/passwd cannot show a host file.
 */
#include "identity.h"
#include "cleanup.h"
#include "setup.h"
#include "usage.h"
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

/* A number: digits only, 0 to 2^32-2 (-1 is "no change" to setresuid). */
static bool is_id(const char *s, unsigned long long *id)
{
	return parse_uint(s, UINT32_MAX - 1, id) == 0;
}

/* A name: not empty, no sign first, no blank, control character, ':' or '/'. */
static bool is_name(const char *s, size_t n)
{
	if (n == 0 || n > 256 || s[0] == '-' || s[0] == '+')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char) s[i] <= ' ' || s[i] == 0x7f || s[i] == ':' || s[i] == '/')
			return false;
	return true;
}

/* One part of USER[:GROUP]: all digits must be an id in range, anything else a name. */
static bool part_ok(const char *s, size_t n)
{
	char buf[32];
	unsigned long long id;

	if (n > 0 && strspn(s, "0123456789") >= n) {
		if (n >= sizeof(buf))
			return false;
		memcpy(buf, s, n);
		buf[n] = '\0';
		return is_id(buf, &id);
	}
	return is_name(s, n);
}

bool identity_user_ok(const char *spec)
{
	const char *colon = strchr(spec, ':');

	if (!colon)
		return part_ok(spec, strlen(spec));
	return part_ok(spec, (size_t) (colon - spec)) && part_ok(colon + 1, strlen(colon + 1));
}

/*
 * Fills id, gid and home from file inside the root. 1 found, 0 not, or 125 after saying
 * why the file cannot be read.
 */
static int lookup(const char *user_arg, int root_fd, const char *root_name, const char *file,
		  const char *key, bool by_id, unsigned long long *id, unsigned long long *gid,
		  char **home)
{
	struct passwd_entry e;
	int r = passwd_lookup(root_fd, file, key, by_id, home != NULL, &e);

	if (r < 0) {
		log_error(0, "--user %s: %s%s %s", user_arg, root_name, file, passwd_strerror(r));
		return PROC_EXIT_SETUP;
	}
	if (r == 0)
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

int identity_resolve_user(struct isolate_config *iso, const char *user_arg, int root_fd,
			  const char *root_name)
{
	char *spec = strdup(user_arg), *group;
	unsigned long long uid, gid = 0, v;
	bool have_gid = false;
	int r = PROC_EXIT_SETUP, f;

	if (!spec)
		return r;
	group = strchr(spec, ':');
	if (group)
		*group++ = '\0';
	if (is_id(spec, &uid)) {
		/* A number needs no entry; with one, its group and home come along. */
		f = lookup(user_arg, root_fd, root_name, "/etc/passwd", spec, true, &v, &gid,
			   &iso->home);
	} else {
		f = lookup(user_arg, root_fd, root_name, "/etc/passwd", spec, false, &uid, &gid,
			   &iso->home);
		if (f == 0)
			log_error(0, "--user %s: no user %s in %s/etc/passwd", user_arg, spec,
				  root_name);
		if (f == 0)
			goto out;
	}
	if (f > 1)
		goto out;
	have_gid = f == 1;
	if (group) {
		if (!is_id(group, &gid)) {
			f = lookup(user_arg, root_fd, root_name, "/etc/group", group, false, &gid,
				   NULL, NULL);
			if (f == 0)
				log_error(0, "--user %s: no group %s in %s/etc/group", user_arg,
					  group, root_name);
			if (f != 1)
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
	int fd cleanup_close = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0) {
		log_error(errno, "--env-file %s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		log_error(errno, "--env-file %s", path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		log_error(0, "--env-file %s: not a regular file", path);
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
	return r < 0 || len > ENV_FILE_MAX ? -1 : (ssize_t) len;
}

/* KEY=VALUE lines; blank lines and # comments skipped. Strings are kept (never freed). */
static int read_env_file(const char *path, char ***lines, size_t *n)
{
	char *buf cleanup_free = malloc(ENV_FILE_MAX + 2);
	char *line, *next;
	size_t lineno = 0;
	ssize_t len;
	int r = 0;

	if (!buf) {
		log_error(ENOMEM, "--env-file %s", path);
		return PROC_EXIT_SETUP;
	}
	len = slurp_env_file(path, buf);
	if (len < 0)
		return PROC_EXIT_SETUP;
	buf[len] = '\0';
	if (memchr(buf, '\0', (size_t) len)) {
		log_error(0, "--env-file %s: a NUL byte in the file", path);
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
	return r;
}

/* Does the caller have a terminal: then TERM describes it, and the container gets it. */
static bool has_terminal(void)
{
	return isatty(STDIN_FILENO) || isatty(STDOUT_FILENO) || isatty(STDERR_FILENO);
}

/*
 * From the launcher's environment (none of it with --rootfs or --clear-env), then PATH,
 * TERM, HOME and container=tether as defaults, then the files, then --env.
 */
static int build_env(struct run_config *cfg)
{
	struct isolate_config *iso = &cfg->iso;
	char **file_lines, **env;
	size_t n_lines, n = 0, max;
	const char *term = getenv("TERM");
	bool clean = iso->clear_env || iso->rootfs;
	int r;

	for (size_t i = 0; i < iso->n_env_args; i++)
		if (iso->env_args[i][0] == '=' || !strchr(iso->env_args[i], '=')) {
			return client_usage_error("run", "--env '%s': expected KEY=VALUE",
						  iso->env_args[i]);
		}
	for (size_t i = 0; i < iso->n_env_files; i++) {
		r = read_env_file(iso->env_files[i], &iso->env_lines, &iso->n_env_lines);
		if (r)
			return r;
	}
	file_lines = iso->env_lines;
	n_lines = iso->n_env_lines;
	max = n_lines + iso->n_env_args + 5;
	if (!clean)
		for (char **e = environ; *e; e++)
			max++;
	env = calloc(max, sizeof(*env));
	if (!env)
		return PROC_EXIT_SETUP;
	if (!clean)
		for (char **e = environ; *e; e++)
			env_put(env, &n, *e);
	/* Sensible defaults first: the files and --env can still change them. */
	if (!env_has(env, n, "PATH"))
		env_put(env, &n, (char *) "PATH=" DEFAULT_PATH);
	if (clean && term && (iso->clear_env || has_terminal()) &&
	    asprintf(&iso->env_owned[0], "TERM=%s", term) > 0)
		env_put(env, &n, iso->env_owned[0]);
	if (iso->has_user || clean || !env_has(env, n, "HOME")) {
		if (asprintf(&iso->env_owned[1], "HOME=%s", iso->home ? iso->home : "/") > 0)
			env_put(env, &n, iso->env_owned[1]);
	}
	if (iso->rootfs)
		env_put(env, &n, (char *) "container=tether");
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
		int root_fd =
			open(iso->rootfs ? iso->rootfs : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (root_fd < 0) {
			log_error(errno, "--user %s: open %s", iso->user_arg,
				  iso->rootfs ? iso->rootfs : "/");
			return PROC_EXIT_SETUP;
		}
		r = identity_resolve_user(iso, iso->user_arg, root_fd,
					  iso->rootfs ? iso->rootfs : "");
		fd_close(root_fd);
		if (r)
			return r;
	} else if (iso->rootfs) {
		/* root's HOME from the rootfs's entry for 0; unreadable or none: HOME=/ */
		int root_fd = open(iso->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
		struct passwd_entry e;

		if (root_fd >= 0 &&
		    passwd_lookup(root_fd, "/etc/passwd", "0", true, true, &e) == 1) {
			iso->home = e.home;
			e.home = NULL;
			passwd_entry_free(&e);
		}
		fd_close(root_fd);
	}
	if (iso->cwd && iso->cwd[0] != '/') {
		return client_usage_error("run", "--cwd '%s': must be an absolute path", iso->cwd);
	}
	/*
	 * The environment only changes when asked or with --rootfs (an application container
	 * starts clean, as with docker): otherwise the child keeps environ.
	 */
	if (iso->rootfs || iso->user_arg || iso->clear_env || iso->n_env_args || iso->n_env_files)
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

int identity_add_ops(struct run_config *cfg)
{
	const struct isolate_config *iso = &cfg->iso;
	struct setup_op *op;

	if (iso->envp) {
		op = setup_add(cfg, SETUP_ENV, NULL);
		if (!op)
			return -E2BIG;
		op->u.envp = iso->envp;
	}
	if (iso->cwd) {
		op = setup_add(cfg, SETUP_CWD, iso->cwd);
		if (!op)
			return -E2BIG;
		op->u.path = iso->cwd;
	}
	return 0;
}
