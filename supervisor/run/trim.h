/* SPDX-License-Identifier: MIT */
/*
 * What a running container's launcher gives back: the start touches pages that the watch
 * loop never uses again (option parsing, setup lists, the borrowing child's stack, most of
 * the program's text). Once the container has run a while, they are returned to the
 * kernel, so that a host with many containers pays per container only for what the loop
 * needs.
 */
#ifndef TETHER_TRIM_H
#define TETHER_TRIM_H

/*
 * The program's read-only pages (back from the page cache when touched), the heap's free
 * pages, and our stack below the caller's frame but a margin.
 */
void trim_memory(void);

#endif
