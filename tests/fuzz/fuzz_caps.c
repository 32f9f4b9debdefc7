/* SPDX-License-Identifier: MIT */
/*
 * Capability names (--cap-add, --cap-drop) through caps_prepare: the input is a list of
 * names separated by newlines, the first half added, the rest dropped; byte 0 picks a
 * user and namespaces. Whatever is accepted gives sets within the kernel's capabilities.
 */
#include "fuzz.h"
#include "caps.h"

#include <sched.h>
#include <sys/capability.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run_config cfg;
	char *s, *names[130];
	size_t n, half;
	uint8_t mode = 0;

	if (size > 0) {
		mode = data[0];
		data++;
		size--;
	}
	s = fuzz_str(data, size);
	memset(&cfg, 0, sizeof(cfg));
	cfg.clone_flags = mode & 1 ? CLONE_NEWPID : 0;
	cfg.iso.has_user = mode & 2;
	cfg.iso.uid = mode & 4 ? 1000 : 0;
	cfg.iso.no_new_privs_arg = mode & 8;
	n = size ? fuzz_split(s, size, '\n', names, 128) : 0;
	half = mode & 16 ? (n < 64 ? n : 64) : (n + 1) / 2;
	for (size_t i = 0; i < half; i++)
		cfg.iso.cap_add[cfg.iso.n_cap_add++] = names[i];
	for (size_t i = half; i < n; i++)
		cfg.iso.cap_drop[cfg.iso.n_cap_drop++] = names[i];
	if (caps_prepare(&cfg) == 0 && cfg.iso.caps_set) {
		uint64_t all = ~0ULL;
		int bits = cap_max_bits();

		if (bits > 0 && bits < 64)
			all = (1ULL << bits) - 1;
		if ((cfg.iso.keep_caps & ~all) || (cfg.iso.ambient_caps & ~cfg.iso.keep_caps))
			abort();
		if (!(cfg.clone_flags & CLONE_NEWPID) &&
		    (cfg.iso.keep_caps & (1ULL << CAP_SYS_BOOT)))
			abort();
	}
	caps_free(&cfg);
	free(s);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}
