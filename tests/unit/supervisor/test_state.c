/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the state record (state.h): a record written and read back in a
 * directory of the test's own, names, the lock of a fresh name, the result of a run.
 */
#include "check.h"
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

static char dir[] = "/tmp/tether-unit-state.XXXXXX";

static void remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
}

/* A directory of the test's own (each test runs in a process of its own). */
static void make_dir(void)
{
	CHECK(mkdtemp(dir) != NULL);
}

TEST(record_round_trip)
{
	struct state_rec w, r;
	pid_t holder;
	int fd;

	make_dir();
	memset(&w, 0, sizeof(w));
	snprintf(w.name, sizeof(w.name), "%s", "web-3");
	snprintf(w.state, sizeof(w.state), "%s", "stopped");
	snprintf(w.halt_signal, sizeof(w.halt_signal), "%s", "SIGPWR");
	w.exit_status = 0;
	w.app_exit_status = 17;
	w.is_halted = true;
	w.restarts = 4;
	w.uid = 1234;
	w.grace_ms = 2500;
	w.argc = 3;
	w.argv[0] = (char *) "sh";
	w.argv[1] = (char *) "-c";
	w.argv[2] = (char *) "echo 'a b'\n=x";
	fd = state_lock(dir, w.name, &holder, true);
	CHECK(fd >= 0);
	CHECK_EQ(state_write(dir, &w), 0);
	close(fd);
	CHECK_EQ(state_read(dir, "web-3", &r), 0);
	CHECK_STR(r.name, "web-3");
	CHECK_STR(r.state, "stopped");
	CHECK_STR(r.halt_signal, "SIGPWR");
	CHECK_EQ(r.restarts, 4);
	CHECK_EQ(r.uid, 1234);
	CHECK_EQ(r.grace_ms, 2500);
	CHECK(r.is_halted);
	CHECK_EQ(r.app_exit_status, 17);
	CHECK_EQ(r.argc, 3);
	CHECK_STR(r.argv[2], "echo 'a b'\n=x");
	/* a halted run's result is the application's own status */
	CHECK_EQ(state_rec_result(&r), 17);
	state_rec_free(&r);
	remove_dir();
}

TEST(fresh_name_never_takes_an_entry)
{
	pid_t holder;
	int fd;

	make_dir();
	fd = state_lock(dir, "c0de42", &holder, false);
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(state_lock(dir, "c0de42", &holder, true), -EADDRINUSE);
	fd = state_lock(dir, "c0de43", &holder, true);
	CHECK(fd >= 0);
	close(fd);
	remove_dir();
}

TEST(names)
{
	CHECK(state_name_ok("a"));
	CHECK(state_name_ok("web_1.prod-2"));
	CHECK(!state_name_ok(""));
	CHECK(!state_name_ok("-x"));
	CHECK(!state_name_ok(".x"));
	CHECK(!state_name_ok("a/b"));
	CHECK(!state_name_ok("a:b"));
}

TEST(result_without_app_status)
{
	struct state_rec r;

	memset(&r, 0, sizeof(r));
	r.exit_status = 137;
	r.app_exit_status = -1;
	CHECK_EQ(state_rec_result(&r), 137);
	r.exit_status = -1;
	CHECK_EQ(state_rec_result(&r), -1);
}

CHECK_MAIN(T(record_round_trip), T(fresh_name_never_takes_an_entry), T(names),
	   T(result_without_app_status))
