/* SPDX-License-Identifier: MIT */
/* The small printf of fmt.h: integers, strings and characters into a fixed buffer. */
#include "fmt.h"

#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void put_str(struct out *o, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		put(o, *s++);
}

static void put_uint(struct out *o, unsigned long long v, unsigned int base)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(o, digits[--n]);
}

size_t fmt_vbuf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};

	for (; *fmt; fmt++) {
		int longs = 0;
		long long sv;
		unsigned long long uv;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			longs += *fmt == 'z' ? 2 : 1;
		switch (*fmt) {
		case 'd':
		case 'i':
			sv = longs >= 2 ? va_arg(ap, long long)
			     : longs    ? va_arg(ap, long)
					: va_arg(ap, int);
			if (sv < 0) {
				put(&o, '-');
				uv = 0ULL - (unsigned long long) sv;
			} else {
				uv = (unsigned long long) sv;
			}
			put_uint(&o, uv, 10);
			break;
		case 'u':
		case 'x':
			uv = longs >= 2 ? va_arg(ap, unsigned long long)
			     : longs    ? va_arg(ap, unsigned long)
					: va_arg(ap, unsigned int);
			put_uint(&o, uv, *fmt == 'x' ? 16 : 10);
			break;
		case 'p':
			put_str(&o, "0x");
			put_uint(&o, (uintptr_t) va_arg(ap, void *), 16);
			break;
		case 's':
			put_str(&o, va_arg(ap, const char *));
			break;
		case 'c':
			put(&o, (char) va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len] = '\0';
	return o.len;
}

size_t fmt_buf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vbuf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

size_t fmt_escape(char *dst, size_t size, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (size == 0)
		return 0;
	for (; *src; src++) {
		unsigned char c = (unsigned char) *src;

		if (c >= 0x20 && c != 0x7f) {
			if (n + 1 >= size)
				break;
			dst[n++] = (char) c;
			continue;
		}
		if (n + 4 >= size)
			break;
		dst[n++] = '\\';
		dst[n++] = 'x';
		dst[n++] = hex[c >> 4];
		dst[n++] = hex[c & 15];
	}
	dst[n] = '\0';
	return n;
}
