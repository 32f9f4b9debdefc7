/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/dir: numbered names, and a walk over a real directory and /proc. */
#include "check.h"
#include "dir.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

TEST(parse_numbers)
{
	CHECK_EQ(dir_parse_number("0"), 0);
	CHECK_EQ(dir_parse_number("1"), 1);
	CHECK_EQ(dir_parse_number("4194304"), 4194304);
	CHECK_EQ(dir_parse_number(""), -1);
	CHECK_EQ(dir_parse_number("self"), -1);
	CHECK_EQ(dir_parse_number("12a"), -1);
	CHECK_EQ(dir_parse_number("-1"), -1);
	CHECK_EQ(dir_parse_number("99999999999"), -1);
}

struct seen {
	int sum, count;
	bool has_self;
};

static void add(int n, void *arg)
{
	struct seen *s = arg;

	s->sum += n;
	s->count++;
	if (n == getpid())
		s->has_self = true;
}

TEST(walk_a_directory)
{
	char dir[] = "/tmp/tether-dir-XXXXXX", path[64];
	const char *names[] = {"3", "40", "500", "x1", "7y", "."};
	struct seen s = {0, 0, false};
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		CHECK(close(open(path, O_CREAT | O_WRONLY, 0600)) == 0);
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_EQ(dir_for_each_number(fd, add, &s), 0);
	close(fd);
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	CHECK_EQ(s.count, 3);
	CHECK_EQ(s.sum, 543);
}

TEST(walk_proc_finds_self)
{
	struct seen s = {0, 0, false};
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		SKIP("no /proc");
	CHECK_EQ(dir_for_each_number(fd, add, &s), 0);
	close(fd);
	CHECK(s.has_self);
}

TEST(bad_descriptor)
{
	struct seen s = {0, 0, false};

	CHECK(dir_for_each_number(-1, add, &s) < 0);
	CHECK_EQ(s.count, 0);
}

CHECK_MAIN(T(parse_numbers), T(walk_a_directory), T(walk_proc_finds_self), T(bad_descriptor))
