/* SPDX-License-Identifier: MIT */
/*
 * Ids and id maps: parse_uint (every number option, --user's numeric ids), --uid-map and
 * --gid-map (userns_parse_map, several in a row up to the limit, separated by newlines),
 * and /etc/subuid lines (userns_sub_range, the file after the first NUL byte).
 */
#include "fuzz.h"
#include "parse.h"
#include "userns.h"

#include <errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t head = nul ? (size_t) (nul - data) : size;
	struct id_map maps[USERNS_MAPS_MAX];
	char *s = fuzz_str(data, head), *specs[USERNS_MAPS_MAX + 2];
	size_t n = 0, k;
	unsigned long long v;
	uint32_t start, count;

	if (parse_uint(s, UINT32_MAX - 1, &v) == 0 && v > UINT32_MAX - 1)
		abort();
	k = fuzz_split(s, head, '\n', specs, USERNS_MAPS_MAX + 2);
	for (size_t i = 0; i < k; i++) {
		size_t before = n;
		int r = userns_parse_map(specs[i], maps, &n);

		if (r == 0 && (n != before + 1 || maps[before].count == 0 ||
			       (uint64_t) maps[before].inside + maps[before].count > UINT32_MAX ||
			       (uint64_t) maps[before].outside + maps[before].count > UINT32_MAX))
			abort();
		if (r < 0 && n != before)
			abort();
	}
	if (n > USERNS_MAPS_MAX)
		abort();
	if (nul) {
		const char *path = fuzz_file(nul + 1, size - head - 1);

		if (userns_sub_range(path, specs[0], 1000, &start, &count) &&
		    (count == 0 || (uint64_t) start + count > UINT32_MAX))
			abort();
		if (userns_sub_range(path, NULL, 0, &start, &count) &&
		    (count == 0 || (uint64_t) start + count > UINT32_MAX))
			abort();
	}
	free(s);
	return 0;
}
