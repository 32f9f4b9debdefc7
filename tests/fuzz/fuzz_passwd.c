/* SPDX-License-Identifier: MIT */
/*
 * passwd and group lines (supervisor/prepare/passwd.c), through --user as tether resolves it: the
 * input's first line is the USER[:GROUP] spec, the rest up to a NUL byte the rootfs's
 * /etc/passwd, what follows the NUL its /etc/group, written into a root directory made
 * once. An accepted spec gives ids that fit, HOME in the environment, and group 0 only
 * when GROUP or a passwd line asked for it.
 */
#include "fuzz.h"
#include "identity.h"

#include <ftw.h>
#include <sys/stat.h>

static char root[64];

static void put(const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/etc/%s", root, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, data, size) != (ssize_t) size || close(fd) < 0)
		abort();
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void cleanup(void)
{
	nftw(root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char etc[80];

	/* A tmpfs if there is one: files are rewritten for every input. */
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(root, sizeof(root), "%s/tether-fuzz-XXXXXX", tmp);
	if (!mkdtemp(root))
		abort();
	atexit(cleanup);
	snprintf(etc, sizeof(etc), "%s/etc", root);
	if (mkdir(etc, 0755) < 0)
		abort();
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}

/* Some line of the file has a gid field of zeros ("0", "000"): group 0 asked for. */
static bool has_gid0(const char *file)
{
	for (const char *l = file; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *f = l;

		for (int i = 0; i < 3 && f; i++) {
			f = strpbrk(f, ":\n");
			f = f && *f == ':' ? f + 1 : NULL;
		}
		if (f && *f == '0' && strspn(f, "0") == strcspn(f, ":\n"))
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run_config cfg;
	const uint8_t *nl = memchr(data, '\n', size), *rest, *nul;
	size_t head = nl ? (size_t) (nl - data) : size, left;
	char *spec = fuzz_str(data, head), *passwd;

	rest = nl ? nl + 1 : data + size;
	left = size - (size_t) (rest - data);
	nul = memchr(rest, '\0', left);
	put("passwd", rest, nul ? (size_t) (nul - rest) : left);
	put("group", nul ? nul + 1 : rest, nul ? left - (size_t) (nul + 1 - rest) : 0);
	passwd = fuzz_str(rest, nul ? (size_t) (nul - rest) : left);
	memset(&cfg, 0, sizeof(cfg));
	cfg.iso.rootfs = root;
	cfg.iso.user_arg = spec;
	cfg.iso.clear_env = true;
	if (identity_prepare(&cfg) == 0) {
		bool home = false;

		if (!cfg.iso.has_user || cfg.iso.uid == (uid_t) -1 || cfg.iso.gid == (gid_t) -1 ||
		    !cfg.iso.envp)
			abort();
		for (char **e = cfg.iso.envp; *e; e++)
			home |= strncmp(*e, "HOME=/", 6) == 0;
		if (!home)
			abort();
		if (cfg.iso.gid == 0 && cfg.iso.uid != 0 && !strchr(spec, ':') && !has_gid0(passwd))
			abort();
	}
	identity_free(&cfg);
	free(passwd);
	free(spec);
	return 0;
}
