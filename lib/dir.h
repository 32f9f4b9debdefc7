/* SPDX-License-Identifier: MIT */
/*
 * Walking the numbered entries of a directory (/proc, /proc/self/fd) with getdents64 into
 * a stack buffer: no heap and no stdio, so PID 1 can use it after start-up.
 */
#ifndef LIB_DIR_H
#define LIB_DIR_H

/* The number a name of decimal digits only stands for, or -1 (empty, other, too large). */
int dir_parse_number(const char *name);
/*
 * Calls fn(n, arg) for each entry of the directory open at dirfd whose name is a number,
 * in the order the kernel lists them. Returns 0, or -errno when reading fails.
 */
int dir_for_each_number(int dirfd, void (*fn)(int n, void *arg), void *arg);

#endif
