/* SPDX-License-Identifier: MIT */
/*
 * Strict parsers for command-line values: the whole string must be consumed, no sign, no
 * blanks, no empty input, decimal only. They return 0, -EINVAL (malformed) or -ERANGE.
 */
#ifndef LIB_PARSE_H
#define LIB_PARSE_H

#include <stdbool.h>

/* A decimal number in 0..max. */
int parse_uint(const char *s, unsigned long long max, unsigned long long *out);
/* Seconds as "10", "2.5" or "0.25", or with a unit: "500ms", "10s", "2m". In milliseconds. */
int parse_duration_ms(const char *s, unsigned long long max_ms, unsigned long long *out_ms);
/* "FROM:TO" signal rewrite, as dumb-init's -r: TO may be 0 to drop FROM. */
int parse_sig_rewrite(const char *s, int *from, int *to);
/*
 * After getopt_long returned a long option: the argv word that named it (optind and optarg
 * as getopt_long left them), and whether that word is the option's whole name, "--NAME"
 * or "--NAME=VALUE" (getopt_long also takes any unique abbreviation: tether does not).
 */
const char *parse_opt_word(char *const argv[], int optind, const char *optarg);
bool parse_opt_is_exact(const char *word, const char *name);
/*
 * The option word getopt_long refused with c ('?' unknown, ':' no value), to name it in
 * the message: "-x" for a letter (buf), else the long word. A missing value is always at
 * the end of argv.
 */
const char *parse_opt_bad(char *const argv[], int argc, int optind, int optopt, int c, char buf[3]);
/* How much of an option word to show: a long one without its "=VALUE". */
int parse_opt_len(const char *word);

#endif
