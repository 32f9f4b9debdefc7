/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/parse.c: strict decimal numbers, durations in milliseconds and
 * "FROM:TO" signal rewrites. Inputs are tables; a failing row names itself. The output
 * must be left alone when parsing fails.
 */
#include "check.h"
#include "parse.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>

#define UNTOUCHED 0xdeadbeefULL

struct num_case {
	const char *s;
	unsigned long long max;
	int ret;
	unsigned long long out; /* when ret == 0 */
};

static const struct num_case uint_cases[] = {
	{"0", 10, 0, 0},
	{"7", 10, 0, 7},
	{"10", 10, 0, 10},
	{"11", 10, -ERANGE, 0},
	{"007", 10, 0, 7},
	{"255", 255, 0, 255},
	{"256", 255, -ERANGE, 0},
	{"0", 0, 0, 0},
	{"1", 0, -ERANGE, 0},
	{"5", 3, -ERANGE, 0}, /* one digit above a max below 9 */
	{"9", 8, -ERANGE, 0},
	{"30", 30, 0, 30},
	{"31", 30, -ERANGE, 0},
	{"39", 30, -ERANGE, 0},
	{"18446744073709551615", ULLONG_MAX, 0, ULLONG_MAX},
	{"18446744073709551616", ULLONG_MAX, -ERANGE, 0},
	{"99999999999999999999999", ULLONG_MAX, -ERANGE, 0},
	{"4294967296", UINT_MAX, -ERANGE, 0},
	{"", 10, -EINVAL, 0},
	{"-1", 10, -EINVAL, 0},
	{"+1", 10, -EINVAL, 0},
	{" 1", 10, -EINVAL, 0},
	{"1 ", 10, -EINVAL, 0},
	{"1x", 10, -EINVAL, 0},
	{"0x1", 10, -EINVAL, 0},
	{"1.0", 10, -EINVAL, 0},
	{"1e3", 10000, -EINVAL, 0},
};

TEST(parse_uint_table)
{
	for (size_t i = 0; i < sizeof(uint_cases) / sizeof(uint_cases[0]); i++) {
		const struct num_case *c = &uint_cases[i];
		unsigned long long out = UNTOUCHED;
		int r = parse_uint(c->s, c->max, &out);

		if (r != c->ret || out != (r == 0 ? c->out : UNTOUCHED)) {
			fprintf(stderr, "# parse_uint(\"%s\", %llu) = %d, out %llu\n", c->s, c->max,
				r, out);
			_exit(1);
		}
	}
}

TEST(parse_uint_null)
{
	unsigned long long out = UNTOUCHED;

	CHECK_EQ(parse_uint(NULL, 10, &out), -EINVAL);
	CHECK(out == UNTOUCHED);
}

static const struct num_case duration_cases[] = {
	{"0", 1000000, 0, 0},
	{"10", 1000000, 0, 10000},
	{"2.5", 1000000, 0, 2500},
	{"0.25", 1000000, 0, 250},
	{"0.001", 1000000, 0, 1},
	{"1.2", 1000000, 0, 1200},
	{"500ms", 1000000, 0, 500},
	{"0ms", 1000000, 0, 0},
	{"10s", 1000000, 0, 10000},
	{"2.5s", 1000000, 0, 2500},
	{"2m", 1000000, 0, 120000},
	{"1.5m", 1000000, 0, 90000},
	{"0.001m", 1000000, 0, 60},
	{"1000", 1000000, 0, 1000000},
	{"1000.001", 1000000, -ERANGE, 0},
	{"1001", 1000000, -ERANGE, 0},
	{"1000001ms", 1000000, -ERANGE, 0},
	{"17m", 1000000, -ERANGE, 0},
	{"16.667m", 1000000, -ERANGE, 0},
	{"16.666m", 1000000, 0, 999960},
	{"99999999999999999999999", ULLONG_MAX, -ERANGE, 0},
	/* whole * 1000 fits, adding the fraction would wrap around */
	{"18446744073709551.999", ULLONG_MAX, -ERANGE, 0},
	{"18446744073709551.615", ULLONG_MAX, 0, ULLONG_MAX},
	{"18446744073709551.616", ULLONG_MAX, -ERANGE, 0},
	{"307445734561825.999m", ULLONG_MAX, -ERANGE, 0},
	{"1.2345", 1000000, -EINVAL, 0},
	{"1.", 1000000, -EINVAL, 0},
	{".5", 1000000, -EINVAL, 0},
	{"1.5ms", 1000000, -EINVAL, 0},
	{"", 1000000, -EINVAL, 0},
	{"s", 1000000, -EINVAL, 0},
	{"ms", 1000000, -EINVAL, 0},
	{"m", 1000000, -EINVAL, 0},
	{"-1", 1000000, -EINVAL, 0},
	{"+1", 1000000, -EINVAL, 0},
	{" 1", 1000000, -EINVAL, 0},
	{"1 s", 1000000, -EINVAL, 0},
	{"1h", 1000000, -EINVAL, 0},
	{"1S", 1000000, -EINVAL, 0},
	{"1sec", 1000000, -EINVAL, 0},
	{"1,5", 1000000, -EINVAL, 0},
	{"1.5.0", 1000000, -EINVAL, 0},
	{"1..5", 1000000, -EINVAL, 0},
};

TEST(parse_duration_table)
{
	for (size_t i = 0; i < sizeof(duration_cases) / sizeof(duration_cases[0]); i++) {
		const struct num_case *c = &duration_cases[i];
		unsigned long long out = UNTOUCHED;
		int r = parse_duration_ms(c->s, c->max, &out);

		if (r != c->ret || out != (r == 0 ? c->out : UNTOUCHED)) {
			fprintf(stderr, "# parse_duration_ms(\"%s\", %llu) = %d, out %llu\n", c->s,
				c->max, r, out);
			_exit(1);
		}
	}
	CHECK_EQ(parse_duration_ms(NULL, 1000, &(unsigned long long){0}), -EINVAL);
}

struct rewrite_case {
	const char *s;
	int ret, from, to;
};

static const struct rewrite_case rewrite_cases[] = {
	{"TERM:INT", 0, SIGTERM, SIGINT},
	{"15:0", 0, SIGTERM, 0},
	{"SIGTERM:SIGQUIT", 0, SIGTERM, SIGQUIT},
	{"sigint:sigterm", 0, SIGINT, SIGTERM},
	{"RTMIN+3:USR1", 0, 37, SIGUSR1},
	{"1:64", 0, 1, 64},
	{"TERM:TERM", 0, SIGTERM, SIGTERM},
	{"TERM", -EINVAL, 0, 0},
	{":INT", -EINVAL, 0, 0},
	{"TERM:", -EINVAL, 0, 0},
	{":", -EINVAL, 0, 0},
	{"", -EINVAL, 0, 0},
	{"0:TERM", -EINVAL, 0, 0},
	{"TERM:00", -EINVAL, 0, 0},
	{"TERM:65", -EINVAL, 0, 0},
	{"TERM:INT:HUP", -EINVAL, 0, 0},
	{"TERM :INT", -EINVAL, 0, 0},
	{"TERM: INT", -EINVAL, 0, 0},
	{"FOO:INT", -EINVAL, 0, 0},
	{"TERM:FOO", -EINVAL, 0, 0},
	{"SIGRTMAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:INT", -EINVAL, 0, 0},
};

TEST(parse_sig_rewrite_table)
{
	for (size_t i = 0; i < sizeof(rewrite_cases) / sizeof(rewrite_cases[0]); i++) {
		const struct rewrite_case *c = &rewrite_cases[i];
		int from = -100, to = -100;
		int r = parse_sig_rewrite(c->s, &from, &to);

		if (r != c->ret || (r == 0 && (from != c->from || to != c->to)) ||
		    (r != 0 && (from != -100 || to != -100))) {
			fprintf(stderr, "# parse_sig_rewrite(\"%s\") = %d, %d:%d\n", c->s, r, from,
				to);
			_exit(1);
		}
	}
	CHECK_EQ(parse_sig_rewrite(NULL, &(int){0}, &(int){0}), -EINVAL);
}

CHECK_MAIN(T(parse_uint_table), T(parse_uint_null), T(parse_duration_table),
	   T(parse_sig_rewrite_table))
