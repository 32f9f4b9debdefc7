/* SPDX-License-Identifier: MIT */
/* usage.h: the one way every command says a usage error. */
#include "usage.h"
#include "fmt.h"
#include "proc.h"

#include <stdarg.h>
#include <stdio.h>

int client_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	char raw[1024], line[1024];

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	fmt_escape(line, sizeof(line), raw);
	fprintf(stderr, "tether %s: %s\nTry 'tether %s --help'.\n", cmd, line, cmd);
	return PROC_EXIT_USAGE;
}
