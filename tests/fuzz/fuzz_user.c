/* SPDX-License-Identifier: MIT */
/*
 * --user USER[:GROUP] (supervisor/prepare/identity.c) against a root filesystem made once, whose
 * /etc/passwd and /etc/group hold the odd entries a container image may have (numeric
 * names, short lines, relative homes, duplicates). An accepted spec sets a user whose ids
 * fit uid_t, HOME in the environment built for it, and group 0 only when asked for.
 */
#include "fuzz.h"
#include "identity.h"

#include <ftw.h>
#include <sys/stat.h>

static char root[64];

static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
			     "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
			     "app:x:1000:1000:App,,,:/home/app:/bin/sh\n"
			     "42:x:4242:4242::/home/42:/bin/sh\n"
			     "short:x:2000\n"
			     "nogid:x:2001:\n"
			     "badgid:x:2002:-1:::\n"
			     "big:x:4294967294:4294967294::/:\n"
			     "huge:x:4294967295:0::/:\n"
			     "rel:x:3000:3000::home/rel:/bin/sh\n"
			     "app:x:1001:1001::/second:/bin/sh\n"
			     "::5000:5000:::\n"
			     "#comment:x:6000:6000:::\n";
static const char group[] = "root:x:0:\n"
			    "app:x:1000:app\n"
			    "wheel:x:10:root,app\n"
			    "7:x:77:\n"
			    "nogid::\n"
			    "big:x:4294967294:\n"
			    "huge:x:4294967295:\n";

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc/%s", root, name);
	f = fopen(path, "we");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
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
	put("passwd", passwd);
	put("group", group);
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run_config cfg;
	char *s = fuzz_str(data, size);

	memset(&cfg, 0, sizeof(cfg));
	cfg.iso.rootfs = root;
	cfg.iso.user_arg = s;
	cfg.iso.clear_env = true;
	if (identity_prepare(&cfg) == 0) {
		bool home = false;

		if (!cfg.iso.has_user || (uint64_t) cfg.iso.uid > UINT32_MAX - 1 ||
		    (uint64_t) cfg.iso.gid > UINT32_MAX - 1 || !cfg.iso.envp)
			abort();
		for (char **e = cfg.iso.envp; *e; e++)
			home |= strncmp(*e, "HOME=/", 6) == 0;
		if (!home)
			abort();
		/* No entry here gives a non-root user group 0: only an explicit GROUP can. */
		if (cfg.iso.gid == 0 && cfg.iso.uid != 0 && !strchr(s, ':'))
			abort();
	}
	identity_free(&cfg);
	free(s);
	return 0;
}
