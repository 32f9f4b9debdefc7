/* SPDX-License-Identifier: MIT */
/* options.h: getopt_long over `tether run`'s arguments, then the derived setup list. */
#include "options.h"
#include "confine.h"
#include "fmt.h"
#include "isolate.h"
#include "log.h"
#include "logs.h"
#include "ns.h"
#include "parse.h"
#include "proc.h"
#include "steps.h"
#include "sig.h"
#include "state.h"
#include "syscall.h"

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void options_usage(FILE *out)
{
	fputs("usage: tether run [OPTIONS] [--] COMMAND [ARG...]\n"
	      "Runs COMMAND in new pid, mount, uts and ipc namespaces under tether-init.\n"
	      "\n"
	      "  --net                 new network namespace with only lo, brought up\n"
	      "  --cgroupns            new cgroup namespace\n"
	      "  --timens              new time namespace\n"
	      "  --share NS            keep the host's NS (pid, mount, uts, ipc); repeatable\n"
	      "  --hostname NAME       the container's hostname (needs a new uts namespace)\n"
	      "  --init PATH           the init to run as PID 1 (default: tether-init)\n"
	      "  --no-init             COMMAND itself is PID 1\n"
	      "  --grace DURATION      tether-init's grace period before SIGKILL (alias:\n"
	      "                        --stop-timeout)\n"
	      "  --halt-signal SIG     what SIGINT/SIGTERM to tether send to init (SIGPWR)\n"
	      "  --reboot-signal SIG   what `tether reboot` sends to init (SIGINT)\n"
	      "  --name NAME           register as NAME (default: a generated name)\n"
	      "  --state-dir DIR       where names live (/run/tether, $XDG_RUNTIME_DIR/tether)\n"
	      "  -d, --detach          run in the background; print the name once started\n"
	      "  -t, --tty             a terminal of its own (from the container's devpts)\n"
	      "  -i, --interactive     with -t: stdin reaches it (-it: an interactive shell)\n"
	      "  --log-file FILE       with -d: stdout and stderr of the container, unbounded\n"
	      "  --log-opt KEY=VALUE   with -d, no --log-file: the output kept for `tether logs`:\n"
	      "                        max-size=SIZE per file (1m), max-file=N files (3)\n"
	      "  --rm                  remove the entry when the container ends\n"
	      "  --entrypoint PROG     run PROG with the words of COMMAND as its arguments\n"
	      "  --pidfile FILE        write the init's host pid to FILE\n"
	      "  --stop-signal SIG     tether-init's polite stop signal (SIGTERM)\n"
	      "  --no-restart          a reboot ends the run (exit 133)\n"
	      "  --max-restarts N      reboots restarted at most N times in a row (10)\n"
	      "  --preserve-fds N      pass descriptors 3..3+N-1 to the container\n"
	      "  --status-fd FD        write JSON status lines to FD\n" ISOLATE_USAGE CONFINE_USAGE
	      "  -e K=V, -v SRC:DST[:ro], -w DIR, -u USER[:GROUP]\n"
	      "                        Docker's spellings of --env, --bind, --cwd, --user\n"
	      "  --volume SRC:DST[:ro], --workdir DIR\n"
	      "                        Docker's spellings of --bind and --cwd\n"
	      "  --verbose             more messages (repeatable; passed to tether-init)\n"
	      "  --log-level LEVEL     error, warning, info or debug\n"
	      "  -h, --help            this help\n"
	      "\n"
	      "Environment: TETHER_NO_CLONE3=1 uses clone(2) and pidfd_open instead of clone3.\n"
	      "Exit: COMMAND's status; 125 setup failed; 126/127 cannot execute / not found;\n"
	      "128+N killed by signal N; 130 halted by Ctrl-C; 133 reboot not restarted.\n",
	      out);
}

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
	va_list ap;

	char raw[1024], line[1024];

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	fmt_escape(line, sizeof(line), raw);
	fprintf(stderr, "tether run: %s\nTry 'tether run --help'.\n", line);
	return PROC_EXIT_USAGE;
}

enum {
	OPT_NET = 256,
	OPT_CGROUPNS,
	OPT_TIMENS,
	OPT_SHARE,
	OPT_HOSTNAME,
	OPT_INIT,
	OPT_NO_INIT,
	OPT_HALT_SIGNAL,
	OPT_STOP_SIGNAL,
	OPT_NO_RESTART,
	OPT_MAX_RESTARTS,
	OPT_PRESERVE_FDS,
	OPT_STATUS_FD,
	OPT_LOG_LEVEL,
	OPT_REBOOT_SIGNAL,
	OPT_NAME,
	OPT_STATE_DIR,
	OPT_LOG_FILE,
	OPT_PIDFILE,
	OPT_VERBOSE,
	OPT_ENTRYPOINT,
	OPT_RM,
	OPT_LOG_OPT,
	OPT_GRACE,
};

static const struct option long_opts[] = {
	{"net", no_argument, NULL, OPT_NET},
	{"cgroupns", no_argument, NULL, OPT_CGROUPNS},
	{"timens", no_argument, NULL, OPT_TIMENS},
	{"share", required_argument, NULL, OPT_SHARE},
	{"hostname", required_argument, NULL, OPT_HOSTNAME},
	{"init", required_argument, NULL, OPT_INIT},
	{"no-init", no_argument, NULL, OPT_NO_INIT},
	{"grace", required_argument, NULL, OPT_GRACE},
	{"stop-timeout", required_argument, NULL, OPT_GRACE},
	{"tty", no_argument, NULL, 't'},
	{"interactive", no_argument, NULL, 'i'},
	{"halt-signal", required_argument, NULL, OPT_HALT_SIGNAL},
	{"stop-signal", required_argument, NULL, OPT_STOP_SIGNAL},
	{"no-restart", no_argument, NULL, OPT_NO_RESTART},
	{"max-restarts", required_argument, NULL, OPT_MAX_RESTARTS},
	{"preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS},
	{"status-fd", required_argument, NULL, OPT_STATUS_FD},
	{"verbose", no_argument, NULL, OPT_VERBOSE},
	{"log-level", required_argument, NULL, OPT_LOG_LEVEL},
	{"reboot-signal", required_argument, NULL, OPT_REBOOT_SIGNAL},
	{"name", required_argument, NULL, OPT_NAME},
	{"state-dir", required_argument, NULL, OPT_STATE_DIR},
	{"detach", no_argument, NULL, 'd'},
	{"log-file", required_argument, NULL, OPT_LOG_FILE},
	{"pidfile", required_argument, NULL, OPT_PIDFILE},
	{"volume", required_argument, NULL, 'v'},
	{"workdir", required_argument, NULL, 'w'},
	{"entrypoint", required_argument, NULL, OPT_ENTRYPOINT},
	{"rm", no_argument, NULL, OPT_RM},
	{"log-opt", required_argument, NULL, OPT_LOG_OPT},
	ISOLATE_LONG_OPTS,
	CONFINE_LONG_OPTS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int parse_log_level(const char *s)
{
	static const char *const names[] = {"error", "warning", "info", "debug"};

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -EINVAL;
}

static void env_config(struct run_config *cfg)
{
	const char *s = getenv("TETHER_NO_CLONE3");

	cfg->force_clone2 = s && strcmp(s, "1") == 0;
	s = getenv("TETHER_TEST_PAUSE_AT");
	cfg->pause_at = s && *s ? setup_step_by_id(s) : -1;
	cfg->resume_path = getenv("TETHER_TEST_RESUME");
}

/* tether-init [OPTIONS] -- COMMAND...: tether speaks LXC's language, so SIGINT reboots. */
static int build_init_argv(struct run_config *cfg, int command_argc)
{
	size_t max = (size_t) command_argc + (size_t) cfg->verbosity + 16, n = 0;
	char **v = calloc(max, sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[n++] = (char *) "tether-init";
	v[n++] = (char *) "--reboot-signal";
	v[n++] = (char *) (cfg->reboot_signal_arg ? cfg->reboot_signal_arg : "SIGINT");
	if (cfg->grace) {
		v[n++] = (char *) "--grace";
		v[n++] = (char *) cfg->grace;
	}
	if (cfg->halt_signal_arg) {
		v[n++] = (char *) "--halt-signal";
		v[n++] = (char *) cfg->halt_signal_arg;
	}
	if (cfg->stop_signal) {
		v[n++] = (char *) "--stop-signal";
		v[n++] = (char *) cfg->stop_signal;
	}
	/* tether-init closes what it inherits beyond 0-2: the preserved ones must stay. */
	if (cfg->preserve_fds)
		v[n++] = (char *) "--keep-fds";
	/* The app's own status at a halt, on a pipe the child puts right after those. */
	snprintf(cfg->exit_fd_arg, sizeof(cfg->exit_fd_arg), "%u", 3 + cfg->preserve_fds);
	v[n++] = (char *) "--exit-fd";
	v[n++] = cfg->exit_fd_arg;
	for (int i = 0; i < cfg->verbosity && i < 3; i++)
		v[n++] = (char *) "-v";
	v[n++] = (char *) "--";
	for (int i = 0; i < command_argc; i++)
		v[n++] = cfg->command[i];
	v[n] = NULL;
	cfg->exec_argv = v;
	return 0;
}

/* --entrypoint PROG: the command is PROG followed by what was given as COMMAND. */
static int entrypoint_command(struct run_config *cfg, int n, char **args)
{
	char **v = calloc((size_t) n + 2, sizeof(*v));

	if (!v) {
		log_error(ENOMEM, "allocate the command");
		return PROC_EXIT_SETUP;
	}
	v[0] = (char *) cfg->entrypoint;
	for (int i = 0; i < n; i++)
		v[i + 1] = args[i];
	cfg->command = cfg->command_owned = v;
	return 0;
}

static int command_argc(const struct run_config *cfg)
{
	int n = 0;

	while (cfg->command[n])
		n++;
	return n;
}

static int parse_one(struct run_config *cfg, int c, int *log_level)
{
	const struct ns_info *ns;
	unsigned long long n;
	int r;

	switch (c) {
	case OPT_NET:
		cfg->clone_flags |= CLONE_NEWNET;
		break;
	case OPT_CGROUPNS:
		cfg->clone_flags |= CLONE_NEWCGROUP;
		break;
	case OPT_TIMENS:
		cfg->clone_flags |= CLONE_NEWTIME;
		break;
	case OPT_SHARE:
		ns = ns_by_name(optarg);
		if (!ns || !ns->shareable)
			return usage_error("--share: unknown namespace '%s' (pid, mount, uts, ipc)",
					   optarg);
		cfg->clone_flags &= ~ns->flag;
		break;
	case OPT_HOSTNAME:
		cfg->hostname = optarg;
		break;
	case OPT_INIT:
		cfg->init_path = optarg;
		break;
	case OPT_NO_INIT:
		cfg->no_init = true;
		break;
	case 't':
		cfg->tty.is_tty = true;
		break;
	case 'i':
		cfg->tty.is_interactive = true;
		break;
	case OPT_GRACE:
		if (parse_duration_ms(optarg, 24ULL * 3600 * 1000, &n) < 0)
			return usage_error("--grace: bad duration '%s'", optarg);
		cfg->grace = optarg;
		break;
	case OPT_HALT_SIGNAL:
		r = sig_from_name(optarg);
		if (r < 0 || !sig_is_catchable(r))
			return usage_error("--halt-signal: bad signal '%s'", optarg);
		cfg->halt_signal = r;
		cfg->halt_signal_arg = optarg;
		break;
	case OPT_STOP_SIGNAL:
		r = sig_from_name(optarg);
		if (r < 0 || !sig_is_catchable(r))
			return usage_error("--stop-signal: bad signal '%s'", optarg);
		cfg->stop_signal = optarg;
		break;
	case OPT_NO_RESTART:
		cfg->no_restart = true;
		break;
	case OPT_MAX_RESTARTS:
		if (parse_uint(optarg, 1000000, &n) < 0)
			return usage_error("--max-restarts: bad number '%s'", optarg);
		cfg->max_restarts = (unsigned int) n;
		break;
	case OPT_PRESERVE_FDS:
		if (parse_uint(optarg, 65536, &n) < 0)
			return usage_error("--preserve-fds: bad number '%s'", optarg);
		cfg->preserve_fds = (unsigned int) n;
		break;
	case OPT_STATUS_FD:
		if (parse_uint(optarg, 1 << 20, &n) < 0)
			return usage_error("--status-fd: bad descriptor '%s'", optarg);
		cfg->status_fd = (int) n;
		break;
	case OPT_VERBOSE:
		cfg->verbosity++;
		if (*log_level < LOG_LEVEL_DEBUG)
			(*log_level)++;
		break;
	case OPT_LOG_LEVEL:
		r = parse_log_level(optarg);
		if (r < 0)
			return usage_error("--log-level: unknown level '%s' (error, warning, info, "
					   "debug)",
					   optarg);
		*log_level = r;
		break;
	case OPT_REBOOT_SIGNAL:
		r = sig_from_name(optarg);
		if (r < 0 || !sig_is_catchable(r))
			return usage_error("--reboot-signal: bad signal '%s'", optarg);
		cfg->reboot_signal = r;
		cfg->reboot_signal_arg = optarg;
		break;
	case OPT_NAME:
		if (!state_name_ok(optarg))
			return usage_error("--name: bad name '%s' (letters, digits, '_.-', at most "
					   "%d)",
					   optarg, STATE_NAME_MAX);
		cfg->name = optarg;
		break;
	case OPT_STATE_DIR:
		cfg->state_dir = optarg;
		break;
	case 'd':
		cfg->detach = true;
		break;
	case OPT_LOG_FILE:
		cfg->log_file = optarg;
		break;
	case OPT_PIDFILE:
		cfg->pidfile = optarg;
		break;
	/* Docker's spellings (-v is --volume there, so verbose keeps only its long name). */
	case 'e':
		return isolate_parse_opt(cfg, OPT_ISO_ENV, optarg);
	case 'v':
		return isolate_parse_opt(cfg, OPT_ISO_BIND, optarg);
	case 'w':
		return isolate_parse_opt(cfg, OPT_ISO_CWD, optarg);
	case 'u':
		return isolate_parse_opt(cfg, OPT_ISO_USER, optarg);
	case OPT_ENTRYPOINT:
		cfg->entrypoint = optarg;
		break;
	case OPT_RM:
		cfg->rm = true;
		break;
	case OPT_LOG_OPT:
		if (logs_parse_opt(cfg, optarg) < 0)
			return usage_error("--log-opt: bad '%s' (max-size=SIZE, max-file=N)",
					   optarg);
		break;
	case 'h':
		options_usage(stdout);
		return -1;
	default:
		if (isolate_is_opt(c))
			return isolate_parse_opt(cfg, c, optarg);
		if (confine_is_opt(c))
			return confine_parse_opt(cfg, c, optarg);
		return usage_error("unknown option '%s'", optarg);
	}
	return 0;
}

int options_parse(struct run_config *cfg, int argc, char **argv, int *log_level)
{
	int c, r;

	memset(cfg, 0, sizeof(*cfg));
	cfg->clone_flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC;
	cfg->status_fd = -1;
	cfg->max_restarts = 10;
	cfg->halt_signal = SIGPWR;
	cfg->reboot_signal = SIGINT;
	cfg->log_max_size = LOGS_MAX_SIZE;
	cfg->log_max_files = LOGS_MAX_FILES;
	env_config(cfg);

	/* "+": options end at the first non-option, so COMMAND's own options stay its own. */
	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1;

		c = getopt_long(argc, argv, "+:hdtie:v:w:u:", long_opts, &li);
		if (c == -1)
			break;
		if (c == '?' || c == ':') {
			char bad[3];
			const char *word = parse_opt_bad(argv, argc, optind, optopt, c, bad);

			if (c == ':')
				return usage_error("option '%s' needs a value", word);
			return usage_error("unknown option '%.*s'", parse_opt_len(word), word);
		}
		if (li >= 0) {
			const char *word = parse_opt_word(argv, optind, optarg);

			if (!parse_opt_is_exact(word, long_opts[li].name))
				return usage_error("unknown option '%.*s'", parse_opt_len(word),
						   word);
		}
		r = parse_one(cfg, c, log_level);
		if (r < 0)
			return -1; /* --help: done, exit 0 */
		if (r)
			return r;
	}
	if (cfg->entrypoint) {
		r = entrypoint_command(cfg, argc - optind, argv + optind);
		if (r)
			return r;
	} else if (optind >= argc) {
		return usage_error("%s", "missing COMMAND");
	} else {
		cfg->command = argv + optind;
	}
	if (cfg->hostname && !(cfg->clone_flags & CLONE_NEWUTS))
		return usage_error("%s", "--hostname needs a new uts namespace (drop --share uts)");
	if (cfg->no_init) {
		cfg->exec_argv = cfg->command;
	} else if (build_init_argv(cfg, command_argc(cfg)) < 0) {
		log_error(ENOMEM, "allocate init arguments");
		free(cfg->command_owned);
		return PROC_EXIT_SETUP;
	}
	return 0;
}

void options_free(struct run_config *cfg)
{
	if (!cfg->no_init)
		free(cfg->exec_argv);
	cfg->exec_argv = NULL;
	free(cfg->command_owned);
	cfg->command_owned = NULL;
	isolate_free(cfg);
	confine_free(cfg);
}
