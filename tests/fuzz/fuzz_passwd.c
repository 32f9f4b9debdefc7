/* SPDX-License-Identifier: MIT */
/*
 * passwd and group lines (supervisor/passwd.c): the key is the input up to the first NUL
 * byte (its first byte says by name or by id, with or without the strings), the file is
 * what follows. A found entry has ids in range, its key, and a home only when absolute.
 */
#include "fuzz.h"
#include "passwd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t head = nul ? (size_t) (nul - data) : size;
	struct passwd_entry e;
	bool by_id = false, strings = false;
	const char *path;
	char *key;

	if (!nul || head == 0)
		return 0;
	by_id = data[0] & 1;
	strings = data[0] & 2;
	key = fuzz_str(data + 1, head - 1);
	path = fuzz_file(nul + 1, size - head - 1);
	if (passwd_lookup(NULL, path, key, by_id, strings, &e)) {
		if (e.id > UINT32_MAX - 1 || e.gid > UINT32_MAX - 1)
			abort();
		if (strings && (!e.name || (!by_id && strcmp(e.name, key) != 0)))
			abort();
		if (e.home && e.home[0] != '/')
			abort();
	}
	passwd_entry_free(&e);
	free(key);
	return 0;
}
