/* SPDX-License-Identifier: MIT */
/*
 * Durations (--grace, stop -t, tether-init -t): the first 8 bytes are the bound, the rest
 * the text. An accepted duration is within the bound, and the plain seconds that the
 * same digits would give agree with it.
 */
#include "fuzz.h"
#include "parse.h"

#include <errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long max = 24ULL * 3600 * 1000, ms, secs;
	char *s;
	int r;

	if (size >= sizeof(max)) {
		memcpy(&max, data, sizeof(max));
		data += sizeof(max);
		size -= sizeof(max);
	}
	s = fuzz_str(data, size);
	r = parse_duration_ms(s, max, &ms);
	if (r != 0 && r != -EINVAL && r != -ERANGE)
		abort();
	if (r == 0 && ms > max)
		abort();
	/* Digits alone are seconds: the same value as a number of seconds, when in range. */
	if (r == 0 && parse_uint(s, max / 1000, &secs) == 0 && secs * 1000 != ms)
		abort();
	free(s);
	return 0;
}
