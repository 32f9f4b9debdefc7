/* SPDX-License-Identifier: MIT */
/* parse.h: strict numbers, durations and signal rewrites. */
#include "parse.h"
#include "sig.h"

#include <errno.h>
#include <string.h>

/* Reads digits from *sp; stops at the first non-digit. */
static int take_digits(const char **sp, unsigned long long max, unsigned long long *out, int *count)
{
	const char *s = *sp;
	unsigned long long v = 0;
	int n = 0;

	for (; *s >= '0' && *s <= '9'; s++, n++) {
		unsigned int d = (unsigned int) (*s - '0');

		/* d > max first: max - d would wrap around for a max below 9 */
		if (d > max || v > (max - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*sp = s;
	*out = v;
	*count = n;
	return 0;
}

int parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	int n, r;

	if (!s)
		return -EINVAL;
	r = take_digits(&s, max, &v, &n);
	if (r < 0)
		return r;
	if (n == 0 || *s != '\0')
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_duration_ms(const char *s, unsigned long long max_ms, unsigned long long *out_ms)
{
	unsigned long long whole, frac = 0, scale = 1000, ms;
	int n, fn = 0, r;

	if (!s)
		return -EINVAL;
	r = take_digits(&s, max_ms, &whole, &n);
	if (r < 0)
		return r;
	if (*s == '.') {
		s++;
		r = take_digits(&s, 999999999ULL, &frac, &fn);
		if (r < 0 || fn == 0 || fn > 3)
			return -EINVAL;
		for (int i = fn; i < 3; i++)
			frac *= 10;
	}
	if (n == 0)
		return -EINVAL;
	if (strcmp(s, "ms") == 0) {
		if (fn)
			return -EINVAL;
		scale = 1;
	} else if (strcmp(s, "m") == 0) {
		scale = 60000;
		frac *= 60;
	} else if (*s != '\0' && strcmp(s, "s") != 0) {
		return -EINVAL;
	}
	/* whole * scale fits; compare the fraction with what is left, as the sum could wrap */
	if (whole > max_ms / scale || frac > max_ms - whole * scale)
		return -ERANGE;
	ms = whole * scale + frac;
	*out_ms = ms;
	return 0;
}

int parse_sig_rewrite(const char *s, int *from, int *to)
{
	char left[SIG_NAME_MAX + 8];
	const char *colon = s ? strchr(s, ':') : NULL;
	size_t len;
	int f, t;

	if (!colon)
		return -EINVAL;
	len = (size_t) (colon - s);
	if (len == 0 || len >= sizeof(left))
		return -EINVAL;
	memcpy(left, s, len);
	left[len] = '\0';
	f = sig_from_name(left);
	t = strcmp(colon + 1, "0") == 0 ? 0 : sig_from_name(colon + 1);
	if (f < 0 || t < 0)
		return -EINVAL;
	*from = f;
	*to = t;
	return 0;
}

const char *parse_opt_word(char *const argv[], int optind, const char *optarg)
{
	if (optarg && optind >= 2 && argv[optind - 1] == optarg)
		return argv[optind - 2];
	return argv[optind - 1];
}

bool parse_opt_is_exact(const char *word, const char *name)
{
	size_t n = strlen(name);

	return strncmp(word, "--", 2) == 0 && strncmp(word + 2, name, n) == 0 &&
	       (word[2 + n] == '\0' || word[2 + n] == '=');
}

int parse_opt_len(const char *word)
{
	return (int) (strncmp(word, "--", 2) == 0 ? strcspn(word, "=") : strlen(word));
}

const char *parse_opt_bad(char *const argv[], int argc, int optind, int optopt, int c, char buf[3])
{
	if (c == ':' && argc > 0 && strncmp(argv[argc - 1], "--", 2) == 0)
		return argv[argc - 1];
	if (optopt > ' ' && optopt < 0x7f) {
		buf[0] = '-';
		buf[1] = (char) optopt;
		buf[2] = '\0';
		return buf;
	}
	return argv[optind - 1];
}
