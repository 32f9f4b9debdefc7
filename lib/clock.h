/* SPDX-License-Identifier: MIT */
/* Monotonic time for deadlines and backoffs: never the wall clock, which may jump. */
#ifndef LIB_CLOCK_H
#define LIB_CLOCK_H

/* CLOCK_MONOTONIC in milliseconds. */
long long clock_now_ms(void);

#endif
