/* SPDX-License-Identifier: MIT */
/* rlimit.h: the names docker knows; -1 or "unlimited" is RLIM_INFINITY. */
#include "rlimit.h"
#include "parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int resource;
} names[] = {
	{"core", RLIMIT_CORE},         {"cpu", RLIMIT_CPU},
	{"data", RLIMIT_DATA},         {"fsize", RLIMIT_FSIZE},
	{"locks", RLIMIT_LOCKS},       {"memlock", RLIMIT_MEMLOCK},
	{"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},
	{"nofile", RLIMIT_NOFILE},     {"nproc", RLIMIT_NPROC},
	{"rss", RLIMIT_RSS},           {"rtprio", RLIMIT_RTPRIO},
	{"rttime", RLIMIT_RTTIME},     {"sigpending", RLIMIT_SIGPENDING},
	{"stack", RLIMIT_STACK},       {"as", RLIMIT_AS},
};

static int value(const char *s, size_t len, rlim_t *out)
{
	char buf[32];
	unsigned long long n;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strcmp(buf, "-1") == 0 || strcmp(buf, "unlimited") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (parse_uint(buf, (unsigned long long) RLIM_INFINITY - 1, &n) < 0)
		return -EINVAL;
	*out = (rlim_t) n;
	return 0;
}

int rlimit_parse(const char *spec, struct ulimit *out, const char **why)
{
	const char *eq = strchr(spec, '='), *colon;
	size_t i;

	*why = "expected NAME=SOFT[:HARD]";
	if (!eq)
		return -EINVAL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == (size_t) (eq - spec) &&
		    strncmp(spec, names[i].name, (size_t) (eq - spec)) == 0)
			break;
	if (i == sizeof(names) / sizeof(names[0])) {
		*why = "unknown limit (core, cpu, data, fsize, locks, memlock, msgqueue, nice, "
		       "nofile, nproc, rss, rtprio, rttime, sigpending, stack, as)";
		return -EINVAL;
	}
	out->resource = names[i].resource;
	out->spec = spec;
	colon = strchr(eq + 1, ':');
	*why = "bad value (a number, -1 or unlimited)";
	if (value(eq + 1, colon ? (size_t) (colon - eq - 1) : strlen(eq + 1), &out->lim.rlim_cur) <
	    0)
		return -EINVAL;
	if (!colon)
		out->lim.rlim_max = out->lim.rlim_cur;
	else if (value(colon + 1, strlen(colon + 1), &out->lim.rlim_max) < 0)
		return -EINVAL;
	if (out->lim.rlim_cur > out->lim.rlim_max) {
		*why = "the soft limit is above the hard one";
		return -EINVAL;
	}
	return 0;
}
