/* SPDX-License-Identifier: MIT */
/*
 * tether: the host launcher. main only dispatches subcommands; each lives in its own
 * file (run.c). Later subcommands (list, status, stop, ...) are added to the table.
 */
#include "commands.h"
#include "log.h"
#include "proc.h"
#include "run.h"

#include <stdio.h>
#include <string.h>

#ifndef TETHER_VERSION
#define TETHER_VERSION "0.1"
#endif

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{"run", run_main},     {"list", list_main},     {"status", status_main},
	{"stop", stop_main},   {"reboot", reboot_main}, {"kill", kill_main},
	{"exec", exec_main},   {"wait", wait_main},     {"attach", attach_main},
	{"stats", stats_main}, {"rm", rm_main},         {"logs", logs_main},
	{"ps", ps_main},
};

static void usage(FILE *out)
{
	fputs("usage: tether COMMAND [ARGS...]\n"
	      "\n"
	      "Commands:\n"
	      "  run [OPTIONS] [--] COMMAND [ARG...]   run COMMAND in a new container\n"
	      "  list [--json]                         the named containers\n"
	      "  status NAME [--json]                  one container in detail\n"
	      "  stop NAME [-t SECONDS]                halt it; SIGKILL after SECONDS\n"
	      "  reboot NAME                           restart it in fresh namespaces\n"
	      "  kill NAME [SIGNAL]                    a signal to its init (SIGKILL)\n"
	      "  exec NAME [OPTIONS] [--] COMMAND...   run COMMAND inside it\n"
	      "  wait NAME                             until it stops; its exit status\n"
	      "  attach NAME                           its terminal (run -d -t); Ctrl-P Ctrl-Q\n"
	      "  stats NAME [--json]                   its cgroup's memory, pids and CPU use\n"
	      "  rm [-f] NAME...                       remove stopped ones (-f: stop first)\n"
	      "  logs [-f] NAME                        the output kept of a detached one\n"
	      "  ps NAME                               its processes, pids inside and on the host\n"
	      "Each takes --state-dir DIR (or TETHER_STATE_DIR) after its name.\n"
	      "\n"
	      "  tether --help | --version\n"
	      "  tether run --help\n",
	      out);
}

int main(int argc, char **argv)
{
	log_init("tether", LOG_LEVEL_WARNING);
	log_guard_sigpipe();
	if (argc < 2) {
		usage(stderr);
		return PROC_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tether %s\n", TETHER_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "tether: unknown command '%s'\nTry 'tether --help'.\n", argv[1]);
	return PROC_EXIT_USAGE;
}
