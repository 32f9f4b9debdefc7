/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/clock.c: monotonic milliseconds, checked against the kernel's clock. */
#include "check.h"
#include "clock.h"

#include <time.h>

TEST(monotonic_and_in_milliseconds)
{
	struct timespec ts;
	long long a, b, k;

	a = clock_now_ms();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	k = (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	b = clock_now_ms();
	CHECK(a <= k && k <= b);
	/* 30 ms asleep (a timer, not a wait for an event): at least 30 ms on the clock */
	nanosleep(&(struct timespec){0, 30 * 1000 * 1000}, NULL);
	CHECK(clock_now_ms() - b >= 30);
}

CHECK_MAIN(T(monotonic_and_in_milliseconds))
