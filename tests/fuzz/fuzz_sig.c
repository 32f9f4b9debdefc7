/* SPDX-License-Identifier: MIT */
/*
 * Signal names (lib/sig.c) and "FROM:TO" rewrites (lib/parse.c): whatever is accepted is a
 * signal in 1..64, and its canonical name reads back as the same number.
 */
#include "fuzz.h"
#include "parse.h"
#include "sig.h"

#include <errno.h>

static void check_name(int sig)
{
	char buf[SIG_NAME_MAX];

	if (!sig_name(sig, buf)) {
		if (sig >= 1 && sig <= SIG_RTMAX)
			abort();
		return;
	}
	if (strlen(buf) >= SIG_NAME_MAX || sig_from_name(buf) != sig)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	int sig = sig_from_name(s), from, to;

	if (sig != -EINVAL && (sig < 1 || sig > SIG_RTMAX))
		abort();
	if (sig > 0) {
		check_name(sig);
		if (sig_is_fault(sig) && !sig_is_catchable(sig))
			abort();
	}
	if (parse_sig_rewrite(s, &from, &to) == 0 &&
	    (from < 1 || from > SIG_RTMAX || to < 0 || to > SIG_RTMAX))
		abort();
	if (size >= sizeof(int)) {
		int n;

		memcpy(&n, data, sizeof(n));
		check_name(n);
	}
	free(s);
	return 0;
}
