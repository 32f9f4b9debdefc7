/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/fmt.c, the printf of tether-init: each conversion against the C
 * library's snprintf, the extremes of every integer type, truncation that always leaves a
 * NUL, and a size of 0 that writes nothing.
 */
#include "check.h"
#include "fmt.h"

#include <limits.h>
#include <stdint.h>

/* Formats with both fmt_buf and snprintf and compares; truncation is not exercised here. */
#define SAME_AS_LIBC(...)                                             \
	do {                                                          \
		char got_[256], want_[256];                           \
		size_t n_ = fmt_buf(got_, sizeof(got_), __VA_ARGS__); \
		int w_ = snprintf(want_, sizeof(want_), __VA_ARGS__); \
		CHECK_STR(got_, want_);                               \
		CHECK_EQ(n_, w_);                                     \
	} while (0)

TEST(each_conversion)
{
	int x = 0;

	SAME_AS_LIBC("plain text");
	SAME_AS_LIBC("%d", 0);
	SAME_AS_LIBC("%d", 42);
	SAME_AS_LIBC("%d", -42);
	SAME_AS_LIBC("%i", -7);
	SAME_AS_LIBC("%u", 3000000000U);
	SAME_AS_LIBC("%x", 0xdeadbeefU);
	SAME_AS_LIBC("%x", 0U);
	SAME_AS_LIBC("%s", "string");
	SAME_AS_LIBC("%s", "");
	SAME_AS_LIBC("%c", 'q');
	SAME_AS_LIBC("%p", (void *) &x);
	SAME_AS_LIBC("%p", (void *) 0x1000);
	SAME_AS_LIBC("100%%");
	SAME_AS_LIBC("%ld", -1234567890123L);
	SAME_AS_LIBC("%lu", ULONG_MAX);
	SAME_AS_LIBC("%lx", 0xfedcba9876543210UL);
	SAME_AS_LIBC("%lld", -1234567890123456789LL);
	SAME_AS_LIBC("%llu", 12345678901234567890ULL);
	SAME_AS_LIBC("%llx", 0x123456789abcdefULL);
	SAME_AS_LIBC("%zu", (size_t) 123456789012345);
	SAME_AS_LIBC("%zx", SIZE_MAX);
	SAME_AS_LIBC("%s: %s %d of %u [%c] 0x%x", "tether-init", "signal", 15, 64U, 'k', 255U);
}

TEST(integer_extremes)
{
	SAME_AS_LIBC("%d", INT_MIN);
	SAME_AS_LIBC("%d", INT_MAX);
	SAME_AS_LIBC("%u", UINT_MAX);
	SAME_AS_LIBC("%x", UINT_MAX);
	SAME_AS_LIBC("%ld", LONG_MIN);
	SAME_AS_LIBC("%ld", LONG_MAX);
	SAME_AS_LIBC("%lld", LLONG_MIN);
	SAME_AS_LIBC("%lld", LLONG_MAX);
	SAME_AS_LIBC("%llu", ULLONG_MAX);
	SAME_AS_LIBC("%llx", ULLONG_MAX);

	char buf[32];

	CHECK_EQ(fmt_buf(buf, sizeof(buf), "%lld", LLONG_MIN), 20);
	CHECK_STR(buf, "-9223372036854775808");
}

/* A NULL string prints as "(null)" rather than crashing PID 1. */
TEST(null_string)
{
	char buf[32];
	const char *volatile nothing = NULL;

	CHECK_EQ(fmt_buf(buf, sizeof(buf), "[%s]", nothing), 8);
	CHECK_STR(buf, "[(null)]");
}

/* Conversions it does not know are printed as written, never consume an argument. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
TEST(unknown_conversion_and_trailing_percent)
{
	char buf[32];

	CHECK_EQ(fmt_buf(buf, sizeof(buf), "a%qb%d", 5), 5);
	CHECK_STR(buf, "a%qb5");
	CHECK_EQ(fmt_buf(buf, sizeof(buf), "end%"), 3);
	CHECK_STR(buf, "end");
}
#pragma GCC diagnostic pop

TEST(truncation_keeps_nul)
{
	char buf[16];

	for (size_t size = 1; size <= 12; size++) {
		memset(buf, 'X', sizeof(buf));
		size_t n = fmt_buf(buf, size, "hello %s", "world");

		/* Writes at most size - 1 characters, then the NUL; never past size. */
		CHECK_EQ(n, size - 1 < 11 ? size - 1 : 11);
		CHECK_EQ(buf[n], '\0');
		CHECK(strncmp(buf, "hello world", n) == 0);
		for (size_t i = size; i < sizeof(buf); i++)
			CHECK_EQ(buf[i], 'X');
	}
	/* Truncation inside a number */
	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(fmt_buf(buf, 4, "%d", -123456), 3);
	CHECK_STR(buf, "-12");
	CHECK_EQ(buf[4], 'X');
	CHECK_EQ(fmt_buf(buf, 3, "%lld", LLONG_MIN), 2);
	CHECK_STR(buf, "-9");
}

TEST(size_zero_writes_nothing)
{
	char buf[4] = "abc";

	CHECK_EQ(fmt_buf(buf, 0, "xyz %d", 1), 0);
	CHECK_STR(buf, "abc");
	CHECK_EQ(fmt_buf(buf, 1, "xyz %d", 1), 0);
	CHECK_STR(buf, "");
}

/* fmt_vbuf can continue a line, as log.c does: the return values add up. */
static size_t fmt_append(char *buf, size_t size, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static size_t fmt_append(char *buf, size_t size, size_t at, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vbuf(buf + at, size - at, fmt, ap);
	va_end(ap);
	return at + n;
}

TEST(vbuf_appends)
{
	char buf[24];
	size_t n = 0;

	n = fmt_append(buf, sizeof(buf), n, "%s: ", "tether-init");
	n = fmt_append(buf, sizeof(buf), n, "pid %d", 1);
	CHECK_STR(buf, "tether-init: pid 1");
	CHECK_EQ(n, 18);
	n = fmt_append(buf, sizeof(buf), n, " and a long tail");
	CHECK_EQ(n, sizeof(buf) - 1);
	CHECK_STR(buf, "tether-init: pid 1 and ");
}

CHECK_MAIN(T(each_conversion), T(integer_extremes), T(null_string),
	   T(unknown_conversion_and_trailing_percent), T(truncation_keeps_nul),
	   T(size_zero_writes_nothing), T(vbuf_appends))
