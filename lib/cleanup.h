/* SPDX-License-Identifier: MIT */
/*
 * Scope-bound ownership (__attribute__((cleanup))): a descriptor or allocation released on
 * every return, handed on with steal_fd or steal_ptr. For the launcher's parent side only:
 * tether-init allocates nothing after start-up, and the child nothing at all.
 */
#ifndef LIB_CLEANUP_H
#define LIB_CLEANUP_H

#include "fd.h"

#include <stdlib.h>

static inline void cleanup_close_fd(int *fd)
{
	if (*fd >= 0)
		fd_close(*fd); /* keeps errno */
}

static inline void cleanup_free_ptr(void *p)
{
	free(*(void **) p);
}

#define cleanup_close __attribute__((cleanup(cleanup_close_fd)))
#define cleanup_free  __attribute__((cleanup(cleanup_free_ptr)))

/* The descriptor, which the variable no longer owns. */
static inline int steal_fd(int *fd)
{
	int r = *fd;

	*fd = -1;
	return r;
}

/* The pointer, which the variable no longer owns. */
#define steal_ptr(pp)                               \
	({                                          \
		__typeof__(*(pp)) steal_p_ = *(pp); \
		*(pp) = NULL;                       \
		steal_p_;                           \
	})

#endif
