/* SPDX-License-Identifier: MIT */
/*
 * State records (supervisor/registry/state.c): the input is a record file, read line by line as
 * state_read does. Strings stay within their fields, counts within their arrays, and
 * every argument read back is a string of its own. The input is also a container name:
 * one that is accepted fits its path and names no other entry's file.
 */
#include "fuzz.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state_rec rec;
	char *s = fuzz_str(data, size), *line = s, *nl;

	if (state_name_ok(s)) {
		char path[STATE_NAME_MAX + 16];

		if (strlen(s) > STATE_NAME_MAX || strpbrk(s, "/:") || s[0] == '.' ||
		    state_path(path, sizeof(path), "/d", s, "state") < 0)
			abort();
	}
	memset(&rec, 0, sizeof(rec));
	rec.exit_status = rec.app_exit_status = -1;
	for (; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		state_parse_line(&rec, line);
	}
	if (strnlen(rec.name, sizeof(rec.name)) == sizeof(rec.name) ||
	    strnlen(rec.state, sizeof(rec.state)) == sizeof(rec.state) ||
	    strnlen(rec.halt_signal, sizeof(rec.halt_signal)) == sizeof(rec.halt_signal) ||
	    strnlen(rec.reboot_signal, sizeof(rec.reboot_signal)) == sizeof(rec.reboot_signal) ||
	    rec.argc > STATE_ARGS_MAX || rec.n_ns > STATE_NS_MAX)
		abort();
	for (size_t i = 0; i < rec.n_ns; i++)
		if (strnlen(rec.ns[i].name, sizeof(rec.ns[i].name)) == sizeof(rec.ns[i].name))
			abort();
	for (size_t i = 0; i < rec.argc; i++)
		if (!rec.argv[i] || strlen(rec.argv[i]) > size)
			abort();
	(void) state_rec_result(&rec);
	state_rec_free(&rec);
	free(s);
	return 0;
}
