/* SPDX-License-Identifier: MIT */
/*
 * Strict parsers for command-line values: the whole string must be consumed, no sign, no
 * blanks, no empty input, decimal only. They return 0, -EINVAL (malformed) or -ERANGE.
 */
#ifndef LIB_PARSE_H
#define LIB_PARSE_H

/* A decimal number in 0..max. */
int parse_uint(const char *s, unsigned long long max, unsigned long long *out);
/* Seconds as "10", "2.5" or "0.25", or with a unit: "500ms", "10s", "2m". In milliseconds. */
int parse_duration_ms(const char *s, unsigned long long max_ms, unsigned long long *out_ms);
/* "FROM:TO" signal rewrite, as dumb-init's -r: TO may be 0 to drop FROM. */
int parse_sig_rewrite(const char *s, int *from, int *to);

#endif
