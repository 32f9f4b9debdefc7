/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the list of setup operations (setup.h): the order the child runs them in
 * for a set of options, and that each operation carries its own parameters. The options
 * go through options_parse as `tether run` gets them.
 */
#include "check.h"
#include "config.h"
#include "options.h"
#include "setup.h"
#include "steps.h"

#include <stdarg.h>
#include <sys/stat.h>

static struct run_config cfg;

/* Parses NULL-terminated args after "run"; fails the test on a usage or setup error. */
static void parse(const char *first, ...)
{
	char *argv[64];
	int argc = 0, level = 0;
	va_list ap;

	argv[argc++] = (char *) "run";
	va_start(ap, first);
	for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = (char *) a;
	va_end(ap);
	argv[argc] = NULL;
	CHECK_EQ(options_parse(&cfg, argc, argv, &level), 0);
	CHECK_EQ(setup_prepare(&cfg), 0);
}

/* The step ids of cfg's operations, space-separated. */
static const char *order(void)
{
	static char buf[1024];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cfg.n_ops && n < sizeof(buf) - 32; i++)
		n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "",
				       setup_step_id((int) cfg.ops[i].kind));
	return buf;
}

static const struct setup_op *find(enum setup_kind kind)
{
	for (size_t i = 0; i < cfg.n_ops; i++)
		if (cfg.ops[i].kind == kind)
			return &cfg.ops[i];
	return NULL;
}

TEST(order_plain)
{
	parse("--no-init", "--", "true", NULL);
	CHECK_STR(order(), "cgroup mount-private mount-proc session fds");
}

TEST(order_user_limits_and_network)
{
	parse("--net", "--hostname", "unit7", "--user", "4321:87", "--ulimit", "nofile=77", "--cwd",
	      "/tmp", "--env", "UNIT=1", "--preserve-fds", "2", "--no-init", "--", "true", NULL);
	CHECK_STR(order(), "cgroup mount-private mount-proc net-lo hostname session env cwd "
			   "rlimits creds no-new-privs fds seccomp");
}

TEST(order_cap_drop_keeps_seccomp_last)
{
	/* no_new_privs (a --cap-drop): the filter can load last, after the capabilities */
	parse("--cap-drop", "NET_BIND_SERVICE", "--no-init", "--", "true", NULL);
	CHECK_STR(order(),
		  "cgroup mount-private mount-proc session creds no-new-privs fds seccomp");
}

TEST(order_cap_add_loads_seccomp_before_creds)
{
	parse("--cap-add", "NET_ADMIN", "--no-init", "--", "true", NULL);
	CHECK_STR(order(), "cgroup mount-private mount-proc session seccomp creds fds");
}

TEST(order_cgroupns)
{
	/* a namespace of its own again after the child's own join of the cgroup */
	parse("--cgroupns", "--no-init", "--", "true", NULL);
	CHECK_STR(order(), "cgroup cgroup-ns mount-private mount-proc session fds");
	parse("--cgroupns", "--no-cgroup", "--no-init", "--", "true", NULL);
	CHECK_STR(order(), "cgroup mount-private mount-proc session fds");
}

TEST(order_terminal)
{
	parse("-t", "--no-init", "--", "true", NULL);
	CHECK_STR(order(), "cgroup mount-private mount-proc tty-devpts session tty fds");
}

TEST(order_rootfs)
{
	char dir[] = "/tmp/tether-unit-rootfs.XXXXXX", path[128];
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	for (const char *const *d = (const char *const[]){"dev", "proc", "bin", "scratch", NULL};
	     *d; d++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *d);
		CHECK(mkdir(path, 0755) == 0);
	}
	snprintf(path, sizeof(path), "%s/bin/app", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	fclose(f);
	CHECK(chmod(path, 0755) == 0);
	parse("--rootfs", dir, "--read-only", "--tmpfs", "/scratch:1m", "--no-init", "--",
	      "/bin/app", NULL);
	CHECK_STR(order(), "cgroup mount-private rootfs rootfs-proc rootfs-dev rootfs-sys "
			   "rootfs-mount pivot-root read-only session env seccomp creds fds");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
}

TEST(operations_carry_their_parameters)
{
	const struct setup_op *op;

	parse("--hostname", "unit9", "--user", "4321:87", "--cwd", "/srv", "--preserve-fds", "3",
	      "--ulimit", "nproc=55", "--no-init", "--", "true", NULL);
	op = find(SETUP_HOSTNAME);
	CHECK(op != NULL);
	CHECK_STR(op->u.path, "unit9");
	op = find(SETUP_CWD);
	CHECK(op != NULL);
	CHECK_STR(op->u.path, "/srv");
	op = find(SETUP_FDS);
	CHECK(op != NULL);
	CHECK_EQ(op->u.preserve_fds, 3);
	op = find(SETUP_CREDS);
	CHECK(op != NULL);
	CHECK(op->u.creds.has_user);
	CHECK_EQ(op->u.creds.uid, 4321);
	CHECK_EQ(op->u.creds.gid, 87);
	CHECK(op->u.creds.proc_caps != NULL);
	op = find(SETUP_RLIMITS);
	CHECK(op != NULL);
	CHECK_EQ(op->u.ulimit->lim.rlim_cur, 55);
	op = find(SETUP_ENV);
	CHECK(op != NULL && op->u.envp != NULL);
}

TEST(every_step_has_a_name_and_kinds_a_handler)
{
	for (int step = 0; step < STEP_COUNT; step++) {
		CHECK(strcmp(setup_step_id(step), "unknown") != 0);
		CHECK_EQ(setup_step_by_id(setup_step_id(step)), step);
	}
}

CHECK_MAIN(T(order_plain), T(order_user_limits_and_network), T(order_cap_drop_keeps_seccomp_last),
	   T(order_cap_add_loads_seccomp_before_creds), T(order_cgroupns), T(order_terminal),
	   T(order_rootfs), T(operations_carry_their_parameters),
	   T(every_step_has_a_name_and_kinds_a_handler))
