/* SPDX-License-Identifier: MIT */
/*
 * --env-file (supervisor/prepare/identity.c): the input is the file. Every accepted line is
 * KEY=VALUE with a non-empty KEY, and the environment built from it holds no string
 * without '='.
 */
#include "fuzz.h"
#include "identity.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet(LOG_LEVEL_DEBUG);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.iso.env_files[cfg.iso.n_env_files++] = fuzz_file(data, size);
	cfg.iso.clear_env = size > 0 && (data[0] & 1);
	if (identity_prepare(&cfg) == 0) {
		for (size_t i = 0; i < cfg.iso.n_env_lines; i++)
			if (cfg.iso.env_lines[i][0] == '=' || !strchr(cfg.iso.env_lines[i], '='))
				abort();
		for (char **e = cfg.iso.envp; *e; e++)
			if (!strchr(*e, '='))
				abort();
	}
	identity_free(&cfg);
	return 0;
}
