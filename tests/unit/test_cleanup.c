/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/cleanup.h: a scope closes its descriptor unless it was stolen. */
#include "check.h"
#include "cleanup.h"

#include <errno.h>
#include <fcntl.h>

static int open_in_scope(bool keep)
{
	int fd cleanup_close = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int copy = fd;

	CHECK(fd >= 0);
	if (keep)
		return steal_fd(&fd);
	return copy;
}

TEST(scope_closes_descriptor)
{
	int fd = open_in_scope(false);

	CHECK(fcntl(fd, F_GETFD) < 0 && errno == EBADF);
}

TEST(stolen_descriptor_stays_open)
{
	int fd = open_in_scope(true);

	CHECK(fcntl(fd, F_GETFD) >= 0);
	close(fd);
}

TEST(errno_survives_the_close)
{
	{
		int fd cleanup_close = open("/dev/null", O_RDONLY | O_CLOEXEC);

		CHECK(fd >= 0);
		errno = ERANGE;
	}
	CHECK_EQ(errno, ERANGE);
}

TEST(steal_ptr_hands_on)
{
	char *kept;

	{
		char *p cleanup_free = strdup("tether");

		CHECK(p != NULL);
		kept = steal_ptr(&p);
		CHECK(p == NULL);
	}
	CHECK_STR(kept, "tether");
	free(kept);
}

CHECK_MAIN(T(scope_closes_descriptor), T(stolen_descriptor_stays_open), T(errno_survives_the_close),
	   T(steal_ptr_hands_on))
