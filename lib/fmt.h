/* SPDX-License-Identifier: MIT */
/*
 * A small printf for fixed buffers, so that the static init does not pull in stdio.
 * Conversions: %d %i %u %x %s %c %p %%, with the length modifiers l, ll, z; width and
 * precision are not supported (the compiler still checks the format). Output is always
 * NUL-terminated and truncated to fit; the return value is the length written.
 */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

size_t fmt_vbuf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
size_t fmt_buf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * src into dst with control characters (and DEL) as \xHH, so that an echoed input can
 * neither split a message line nor reach the terminal as an escape sequence. Truncated to
 * fit, NUL-terminated; returns the length written.
 */
size_t fmt_escape(char *dst, size_t size, const char *src);

#endif
