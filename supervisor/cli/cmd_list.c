/* SPDX-License-Identifier: MIT */
/*
 * `tether list [--json]` and `tether status NAME [--json]`: read the records, never the
 * sockets, so that anyone who can read the state directory may look. A stale record
 * (its monitor killed) reads as stopped: state.c never trusts it.
 */
#include "cgroup.h"
#include "log.h"
#include "client.h"
#include "json.h"
#include "commands.h"
#include "proc.h"
#include "state.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OPT_JSON = 256, OPT_STATE_DIR };

static const struct option opts[] = {
	{"json", no_argument, NULL, OPT_JSON},
	{"state-dir", required_argument, NULL, OPT_STATE_DIR},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static void json_str(FILE *f, const char *s)
{
	char e[JSON_CHAR_MAX];

	fputc('"', f);
	for (; *s; s++)
		fputs(json_char((unsigned char) *s, e), f);
	fputc('"', f);
}

static void iso_time(long long t, char *buf, size_t size)
{
	time_t tt = (time_t) t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "?");
}

static bool is_running(const struct state_rec *rec)
{
	return rec->is_live && rec->pid > 0;
}

/*
 * Its statuses are final: no monitor, or one whose last record is written. The monitor
 * answers `stop` and `wait` after that record and only then lets go of its lock, so
 * `status` right after `stop` must trust the record, not the lock.
 */
static bool has_ended(const struct state_rec *rec)
{
	return !rec->is_live || strcmp(rec->state, "stopped") == 0;
}

static void print_json(FILE *f, const struct state_rec *rec)
{
	char t[32];

	fputs("{\"name\":", f);
	json_str(f, rec->name);
	fputs(",\"state\":", f);
	json_str(f, rec->state);
	if (is_running(rec))
		fprintf(f, ",\"pid\":%d", (int) rec->pid);
	else
		fputs(",\"pid\":null", f);
	if (rec->is_live)
		fprintf(f, ",\"monitor_pid\":%d", (int) rec->monitor_pid);
	else
		fputs(",\"monitor_pid\":null", f);
	fprintf(f, ",\"uid\":%u,\"restarts\":%u", (unsigned int) rec->uid, rec->restarts);
	if (has_ended(rec) && rec->exit_status >= 0)
		fprintf(f, ",\"exit_status\":%d", rec->exit_status);
	else
		fputs(",\"exit_status\":null", f);
	if (has_ended(rec) && rec->app_exit_status >= 0)
		fprintf(f, ",\"app_exit_status\":%d", rec->app_exit_status);
	else
		fputs(",\"app_exit_status\":null", f);
	/* As docker inspect's OOMKilled: of the last run, null while none ended. */
	if (!rec->is_live && rec->exit_status >= 0)
		fprintf(f, ",\"oom_killed\":%s", rec->is_oom_killed ? "true" : "false");
	else
		fputs(",\"oom_killed\":null", f);
	if (rec->started_at) {
		iso_time(rec->started_at, t, sizeof(t));
		fprintf(f, ",\"started_at\":\"%s\"", t);
	} else {
		fputs(",\"started_at\":null", f);
	}
	if (is_running(rec))
		fprintf(f, ",\"uptime\":%lld", (long long) time(NULL) - rec->started_at);
	else
		fputs(",\"uptime\":null", f);
	iso_time(rec->changed_at, t, sizeof(t));
	fprintf(f, ",\"changed_at\":\"%s\",\"stale\":%s,\"halt_signal\":", t,
		rec->is_stale ? "true" : "false");
	json_str(f, rec->halt_signal);
	fputs(",\"reboot_signal\":", f);
	json_str(f, rec->reboot_signal);
	fputs(",\"command\":[", f);
	for (size_t i = 0; i < rec->argc; i++) {
		if (i)
			fputc(',', f);
		json_str(f, rec->argv[i]);
	}
	fputs("],\"namespaces\":{", f);
	for (size_t i = 0; i < rec->n_ns; i++)
		fprintf(f, "%s\"%s\":{\"inode\":%lld,\"new\":%s}", i ? "," : "", rec->ns[i].name,
			rec->ns[i].inode, rec->ns[i].is_new ? "true" : "false");
	fputs("}}", f);
}

static void print_command(FILE *f, const struct state_rec *rec)
{
	for (size_t i = 0; i < rec->argc; i++)
		fprintf(f, "%s%s", i ? " " : "", rec->argv[i]);
}

static void uptime_str(const struct state_rec *rec, char *buf, size_t size)
{
	long long s;

	if (!is_running(rec)) {
		snprintf(buf, size, "-");
		return;
	}
	s = (long long) time(NULL) - rec->started_at;
	if (s < 60)
		snprintf(buf, size, "%llds", s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(buf, size, "%lldh%02lldm", s / 3600, s / 60 % 60);
}

static void print_text(const struct state_rec *rec)
{
	char t[32], up[32];

	uptime_str(rec, up, sizeof(up));
	printf("name:         %s\nstate:        %s%s\n", rec->name, rec->state,
	       rec->is_stale ? " (its monitor died)" : "");
	if (is_running(rec))
		printf("pid:          %d\n", (int) rec->pid);
	else
		printf("pid:          -\n");
	if (rec->is_live)
		printf("monitor pid:  %d\n", (int) rec->monitor_pid);
	else
		printf("monitor pid:  -\n");
	printf("uid:          %u\nrestarts:     %u\n", (unsigned int) rec->uid, rec->restarts);
	if (has_ended(rec) && rec->exit_status >= 0)
		printf("exit status:  %d\n", rec->exit_status);
	else
		printf("exit status:  -\n");
	if (has_ended(rec) && rec->app_exit_status >= 0)
		printf("app status:   %d\n", rec->app_exit_status);
	else
		printf("app status:   -\n");
	if (!rec->is_live && rec->exit_status >= 0)
		printf("oom killed:   %s\n", rec->is_oom_killed ? "yes" : "no");
	else
		printf("oom killed:   -\n");
	iso_time(rec->started_at, t, sizeof(t));
	printf("started at:   %s\nuptime:       %s\n", rec->started_at ? t : "-", up);
	iso_time(rec->changed_at, t, sizeof(t));
	printf("changed at:   %s\nsignals:      halt %s, reboot %s\ncommand:      ", t,
	       rec->halt_signal, rec->reboot_signal);
	print_command(stdout, rec);
	printf("\nnamespaces:  ");
	for (size_t i = 0; i < rec->n_ns; i++)
		printf(" %s:%lld%s", rec->ns[i].name, rec->ns[i].inode,
		       rec->ns[i].is_new ? "" : "(host)");
	printf("\n");
}

/* Options common to list and status; the positional arguments stay from optind on. */
static int parse(const char *cmd, int argc, char **argv, bool *json, const char **dir,
		 const char *usage)
{
	int c;

	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1;

		c = getopt_long(argc, argv, ":h", opts, &li);
		if (c == -1)
			break;
		if (client_long_exact(cmd, argv, opts, li))
			return PROC_EXIT_USAGE;
		switch (c) {
		case OPT_JSON:
			*json = true;
			break;
		case OPT_STATE_DIR:
			*dir = optarg;
			break;
		default:
			return client_option_other(cmd, c, argv, usage);
		}
	}
	return 0;
}

int list_main(int argc, char **argv)
{
	struct client cl;
	const char *dir = NULL;
	bool json = false, first = true;
	char **names;
	int r;

	r = parse(
		"list", argc, argv, &json, &dir,
		"usage: tether list [--json] [--state-dir DIR]\n"
		"Lists the named containers: name, state, init pid, uptime, restarts, command.\n");
	if (r)
		return r < 0 ? 0 : r;
	if (optind < argc)
		return client_usage_error("list", "unexpected argument '%s'", argv[optind]);
	r = client_init(&cl, "list", dir);
	if (r)
		return r;
	cgroup_sweep(NULL); /* orphan cgroups of launchers killed before their end */
	r = state_names(cl.dir, &names);
	if (r < 0) {
		log_error(r, "list: read %s", cl.dir);
		return PROC_EXIT_SETUP;
	}
	if (json)
		fputs("[", stdout);
	else
		printf("%-20s %-10s %-8s %-8s %-8s %s\n", "NAME", "STATE", "PID", "UPTIME",
		       "RESTARTS", "COMMAND");
	for (size_t i = 0; names && names[i]; i++) {
		struct state_rec rec;
		char pid[16], up[32];

		if (state_read(cl.dir, names[i], &rec) == 0) {
			if (json) {
				fputs(first ? "\n" : ",\n", stdout);
				print_json(stdout, &rec);
			} else {
				snprintf(pid, sizeof(pid), "%d", (int) rec.pid);
				uptime_str(&rec, up, sizeof(up));
				printf("%-20s %-10s %-8s %-8s %-8u ", rec.name, rec.state,
				       is_running(&rec) ? pid : "-", up, rec.restarts);
				print_command(stdout, &rec);
				putchar('\n');
			}
			first = false;
			state_rec_free(&rec);
		}
		free(names[i]);
	}
	free(names);
	if (json)
		fputs(first ? "]\n" : "\n]\n", stdout);
	return fflush(stdout) == 0 ? 0 : PROC_EXIT_SETUP;
}

int status_main(int argc, char **argv)
{
	struct client cl;
	struct state_rec rec;
	const char *dir = NULL;
	bool json = false;
	int r;

	r = parse("status", argc, argv, &json, &dir,
		  "usage: tether status NAME [--json] [--state-dir DIR]\n"
		  "One container: state, pids, restarts, last exit status, namespaces.\n");
	if (r)
		return r < 0 ? 0 : r;
	if (optind + 1 != argc)
		return client_usage_error("status", "%s",
					  optind < argc ? "too many arguments" : "missing NAME");
	r = client_init(&cl, "status", dir);
	if (r)
		return r;
	r = state_name_ok(argv[optind]) ? state_read(cl.dir, argv[optind], &rec) : -ENOENT;
	if (r < 0) {
		log_error(0, "status %s: %s", argv[optind],
			  r == -ENOENT ? "no such container" : strerror(-r));
		return r == -ENOENT   ? CMD_EXIT_NOT_RUNNING
		       : r == -EACCES ? CMD_EXIT_REFUSED
				      : PROC_EXIT_SETUP;
	}
	if (json) {
		print_json(stdout, &rec);
		putchar('\n');
	} else {
		print_text(&rec);
	}
	state_rec_free(&rec);
	return fflush(stdout) == 0 ? 0 : PROC_EXIT_SETUP;
}
