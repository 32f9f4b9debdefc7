/* SPDX-License-Identifier: MIT */
/*
 * A malformed command line, said as "tether CMD: MESSAGE" and the --help hint (the
 * message escaped: it may echo the input). Shared by every folder: parsing happens in
 * cli, and the prepare step finds some usage errors too (a relative --cwd, KEY=VALUE).
 */
#ifndef TETHER_USAGE_H
#define TETHER_USAGE_H

/* Returns 2, the usage exit status. */
int client_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
