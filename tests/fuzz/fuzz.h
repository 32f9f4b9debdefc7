/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer targets: the entry point's prototype, and inputs turned into
 * what the parsers take (a NUL-terminated string, a list of strings, a file). Messages of
 * the code under test go to /dev/null through lib/log; libFuzzer's own go to stderr.
 */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include "log.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A malloc'd copy with a NUL after it: ASan sees any read past the input's end. */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Splits s in place at every sep into at most max pieces; returns how many. */
static inline size_t fuzz_split(char *s, size_t len, char sep, char **out, size_t max)
{
	size_t n = 0;

	out[n++] = s;
	for (size_t i = 0; i < len && n < max; i++)
		if (s[i] == sep) {
			s[i] = '\0';
			out[n++] = s + i + 1;
		}
	return n;
}

/* Log lines go nowhere, but are still formatted (fmt.c sees the inputs). */
static inline void fuzz_quiet(int level)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		abort();
	log_set_fd(fd);
	log_set_level(level);
}

/*
 * A memfd holding the bytes, and its path through /proc/self/fd, for parsers that read a
 * file by name. One memfd per process, rewritten for each input.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	if (fd < 0) {
		fd = memfd_create("fuzz", MFD_CLOEXEC);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t) size)
		abort();
	return path;
}

#endif
