/* SPDX-License-Identifier: MIT */
/* status.h: JSON lines, built in a stack buffer and written with one write(2). */
#include "status.h"
#include "json.h"
#include "log.h"
#include "ns.h"
#include "steps.h"
#include "sig.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct line {
	char buf[1024];
	size_t len;
};

__attribute__((format(printf, 2, 3))) static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf))
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t) n;
	if (l->len > sizeof(l->buf) - 1)
		l->len = sizeof(l->buf) - 1;
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void add_str(struct line *l, const char *s)
{
	char e[JSON_CHAR_MAX];

	add(l, "\"");
	for (; *s; s++)
		add(l, "%s", json_char((unsigned char) *s, e));
	add(l, "\"");
}

static void emit(struct status *st, struct line *l)
{
	ssize_t n;

	if (st->fd < 0 || st->broken)
		return;
	if (l->len >= sizeof(l->buf) - 2) {
		/* truncated: still one valid line, never half an object */
		l->len = 0;
		add(l, "{\"event\":\"truncated\"}");
	}
	l->buf[l->len++] = '\n';
	do
		n = write(st->fd, l->buf, l->len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		log_warning(errno, "write status to descriptor %d", st->fd);
		st->broken = true;
	}
}

void status_started(struct status *st, pid_t pid, uint64_t ns_flags, bool clone3,
		    const long long *ino)
{
	struct line l = {.len = 0};
	bool first = true;

	if (st->fd < 0)
		return;
	add(&l, "{\"event\":\"started\",\"pid\":%d,\"clone\":\"%s\",\"namespaces\":{", (int) pid,
	    clone3 ? "clone3" : "clone");
	for (size_t i = 0; i < ns_table_len; i++) {
		long long n = ino ? ino[i] : ns_inode(pid, &ns_table[i]);

		if (n <= 0)
			continue;
		add(&l, "%s\"%s\":{\"inode\":%lld,\"new\":%s}", first ? "" : ",", ns_table[i].name,
		    n, (ns_flags & ns_table[i].flag) ? "true" : "false");
		first = false;
	}
	add(&l, "}}");
	emit(st, &l);
}

void status_exec(struct status *st, int step, int err, const char *detail)
{
	struct line l = {.len = 0};

	if (st->fd < 0)
		return;
	if (step < 0) {
		add(&l, "{\"event\":\"exec\",\"ok\":true}");
	} else {
		add(&l, "{\"event\":\"exec\",\"ok\":false,\"step\":\"%s\",\"errno\":%d,\"error\":",
		    setup_step_id(step), err);
		add_str(&l, strerror(err));
		if (detail && *detail) {
			add(&l, ",\"detail\":");
			add_str(&l, detail);
		}
		add(&l, "}");
	}
	emit(st, &l);
}

void status_restart(struct status *st, unsigned int count, unsigned int delay_ms)
{
	struct line l = {.len = 0};

	add(&l, "{\"event\":\"restart\",\"count\":%u,\"delay_ms\":%u}", count, delay_ms);
	emit(st, &l);
}

void status_exit(struct status *st, const struct exit_outcome *o)
{
	struct line l = {.len = 0};
	char name[SIG_NAME_MAX];

	add(&l, "{\"event\":\"exit\",\"how\":\"%s\",\"exit_code\":%d", exit_kind_name(o->kind),
	    o->code);
	if (o->signal && sig_name(o->signal, name))
		add(&l, ",\"signal\":\"%s\"", name);
	if (o->app_code >= 0)
		add(&l, ",\"app_exit_code\":%d", o->app_code);
	if (o->oom_killed)
		add(&l, ",\"oom_killed\":true");
	add(&l, "}");
	emit(st, &l);
}

void status_abort(struct status *st, int code)
{
	struct line l = {.len = 0};

	add(&l, "{\"event\":\"exit\",\"how\":\"aborted\",\"exit_code\":%d}", code);
	emit(st, &l);
}
