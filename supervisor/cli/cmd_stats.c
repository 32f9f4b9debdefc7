/* SPDX-License-Identifier: MIT */
/*
 * tether stats NAME [--json]: the container's cgroup counters, read once, as
 * `docker stats --no-stream`: memory.current and .peak, pids.current, cpu.stat's usage.
 * A counter whose controller is not enabled reads as absent (null in JSON, - in text).
 */
#include "cgroup.h"
#include "log.h"
#include "client.h"
#include "commands.h"
#include "proc.h"
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STATS_USAGE                                             \
	"usage: tether stats NAME [--json] [--state-dir DIR]\n" \
	"The container's cgroup: memory in use and at its peak, processes, CPU time used.\n"

enum { C_MEM, C_PEAK, C_MEM_MAX, C_PIDS, C_PIDS_MAX, C_CPU, C_USER, C_SYSTEM, C_COUNT };

static const char *const keys[C_COUNT] = {
	"memory_current", "memory_peak",    "memory_max",    "pids_current",
	"pids_max",       "cpu_usage_usec", "cpu_user_usec", "cpu_system_usec",
};

/* One number from FILE, or (with key) from its "key N" line; -1 when absent, -2 "max". */
static long long counter(int dir, const char *file, const char *key)
{
	char buf[2048], *p = buf;
	int fd = openat(dir, file, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (key) {
		size_t len = strlen(key);

		for (p = buf; p && !(strncmp(p, key, len) == 0 && p[len] == ' ');
		     p = strchr(p, '\n'), p = p ? p + 1 : NULL)
			;
		if (!p)
			return -1;
		p += len + 1;
	}
	if (strncmp(p, "max", 3) == 0)
		return -2;
	return strtoll(p, NULL, 10);
}

static void read_all(int dir, long long *v)
{
	v[C_MEM] = counter(dir, "memory.current", NULL);
	v[C_PEAK] = counter(dir, "memory.peak", NULL);
	v[C_MEM_MAX] = counter(dir, "memory.max", NULL);
	v[C_PIDS] = counter(dir, "pids.current", NULL);
	v[C_PIDS_MAX] = counter(dir, "pids.max", NULL);
	v[C_CPU] = counter(dir, "cpu.stat", "usage_usec");
	v[C_USER] = counter(dir, "cpu.stat", "user_usec");
	v[C_SYSTEM] = counter(dir, "cpu.stat", "system_usec");
}

static void print_json(const char *name, const char *path, const long long *v)
{
	printf("{\"name\":\"%s\",\"cgroup\":\"%s\"", name, path);
	for (int i = 0; i < C_COUNT; i++) {
		if (v[i] == -1)
			printf(",\"%s\":null", keys[i]);
		else if (v[i] == -2)
			printf(",\"%s\":\"max\"", keys[i]);
		else
			printf(",\"%s\":%lld", keys[i], v[i]);
	}
	puts("}");
}

static const char *num(long long v, char *buf, size_t size)
{
	if (v == -1)
		return "-";
	if (v == -2)
		return "max";
	snprintf(buf, size, "%lld", v);
	return buf;
}

static void print_text(const char *name, const long long *v)
{
	char b[6][32];

	printf("%-20s %12s %12s %12s %6s %6s %14s\n", "NAME", "MEM", "MEM_PEAK", "MEM_MAX", "PIDS",
	       "PIDS_MAX", "CPU_USEC");
	printf("%-20s %12s %12s %12s %6s %6s %14s\n", name, num(v[C_MEM], b[0], 32),
	       num(v[C_PEAK], b[1], 32), num(v[C_MEM_MAX], b[2], 32), num(v[C_PIDS], b[3], 32),
	       num(v[C_PIDS_MAX], b[4], 32), num(v[C_CPU], b[5], 32));
}

int stats_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"state-dir", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct client cl;
	struct state_rec rec;
	const char *dir = NULL, *name;
	char path[512];
	long long v[C_COUNT];
	bool json = false;
	int c, r, fd;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else if (c == 'D')
			dir = optarg;
		else if ((r = client_option_other("stats", c, argv, STATS_USAGE)))
			return r < 0 ? 0 : r;
	}
	if (optind + 1 != argc)
		return client_usage_error("stats", "%s",
					  optind < argc ? "too many arguments" : "missing NAME");
	name = argv[optind];
	r = client_init(&cl, "stats", dir);
	if (r)
		return r;
	r = state_name_ok(name) ? state_read(cl.dir, name, &rec) : -ENOENT;
	if (r < 0) {
		log_error(0, "stats %s: %s", name,
			  r == -ENOENT ? "no such container" : strerror(-r));
		return r == -ENOENT ? CMD_EXIT_NOT_RUNNING : PROC_EXIT_SETUP;
	}
	r = rec.is_live && rec.pid > 0 ? cgroup_of(rec.pid, path, sizeof(path)) : -ESRCH;
	state_rec_free(&rec);
	if (r < 0) {
		log_error(0, "stats %s: not running", name);
		return CMD_EXIT_NOT_RUNNING;
	}
	/* The init sits in tether-MONITORPID: anywhere else, the container has no cgroup. */
	if (!strstr(path, "/tether-")) {
		log_error(0, "stats %s: the container has no cgroup of its own", name);
		return PROC_EXIT_SETUP;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		log_error(errno, "stats %s: open %s", name, path);
		return PROC_EXIT_SETUP;
	}
	read_all(fd, v);
	close(fd);
	if (json)
		print_json(name, path, v);
	else
		print_text(name, v);
	return fflush(stdout) == 0 ? 0 : PROC_EXIT_SETUP;
}
