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
#include "usage.h"

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
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

/* Every usage error of run is said the one way every command says it. */
#define usage_error(...) client_usage_error("run", __VA_ARGS__)

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
	/*
	 * Without --rootfs the container's files are the host's, /dev with them: tether-init
	 * completes nothing there (a fresh /dev/mqueue alone cost 0.15-0.19 ms a start), as
	 * unshare and bwrap do not. With --rootfs tether makes the /dev that tether-init checks.
	 */
	if (!cfg->iso.rootfs_arg)
		v[n++] = (char *) "--no-mount";
	/* The child resets what tether inherited as ignored: tether-init need not read /proc. */
	v[n++] = (char *) "--keep-signals";
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

/*
 * One row per option of `tether run`: its names, whether it takes a value, and what it does
 * (a handler, or a field that a generic handler sets). Rows without a handler belong to
 * isolate.h or confine.h and go there with their code. getopt_long's table and short
 * option string are derived from this one.
 */
struct run_opt {
	const char *name; /* long name; NULL for a short-only spelling */
	int has_arg;
	int code;        /* isolate/confine option code, or the clone flag of set_clone */
	char short_name; /* 0: long only */
	int (*fn)(struct run_config *cfg, const struct run_opt *o, const char *arg, int *log_lvl);
	size_t off; /* the field of set_true and set_str */
};

static int set_true(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	*(bool *) ((char *) cfg + o->off) = true;
	return 0;
}

static int set_str(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	*(const char **) ((char *) cfg + o->off) = arg;
	return 0;
}

static int set_clone(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	cfg->clone_flags |= (uint64_t) (unsigned int) o->code;
	return 0;
}

static int opt_share(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	const struct ns_info *ns = ns_by_name(arg);

	if (!ns || !ns->shareable)
		return usage_error("--share: unknown namespace '%s' (pid, mount, uts, ipc)", arg);
	cfg->clone_flags &= ~ns->flag;
	return 0;
}

static int opt_grace(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	unsigned long long n;

	if (parse_duration_ms(arg, 24ULL * 3600 * 1000, &n) < 0)
		return usage_error("--grace: bad duration '%s'", arg);
	cfg->grace = arg;
	return 0;
}

/* A signal that tether-init can catch; 0 after a usage message. */
static int catchable_signal(const struct run_opt *o, const char *arg)
{
	int r = sig_from_name(arg);

	if (r < 0 || !sig_is_catchable(r)) {
		usage_error("--%s: bad signal '%s'", o->name, arg);
		return 0;
	}
	return r;
}

static int opt_halt_signal(struct run_config *cfg, const struct run_opt *o, const char *arg,
			   int *ll)
{
	cfg->halt_signal = catchable_signal(o, arg);
	cfg->halt_signal_arg = arg;
	return cfg->halt_signal ? 0 : PROC_EXIT_USAGE;
}

static int opt_reboot_signal(struct run_config *cfg, const struct run_opt *o, const char *arg,
			     int *ll)
{
	cfg->reboot_signal = catchable_signal(o, arg);
	cfg->reboot_signal_arg = arg;
	return cfg->reboot_signal ? 0 : PROC_EXIT_USAGE;
}

static int opt_stop_signal(struct run_config *cfg, const struct run_opt *o, const char *arg,
			   int *ll)
{
	cfg->stop_signal = arg;
	return catchable_signal(o, arg) ? 0 : PROC_EXIT_USAGE;
}

static int opt_max_restarts(struct run_config *cfg, const struct run_opt *o, const char *arg,
			    int *ll)
{
	unsigned long long n;

	if (parse_uint(arg, 1000000, &n) < 0)
		return usage_error("--max-restarts: bad number '%s'", arg);
	cfg->max_restarts = (unsigned int) n;
	return 0;
}

static int opt_preserve_fds(struct run_config *cfg, const struct run_opt *o, const char *arg,
			    int *ll)
{
	unsigned long long n;

	if (parse_uint(arg, 65536, &n) < 0)
		return usage_error("--preserve-fds: bad number '%s'", arg);
	cfg->preserve_fds = (unsigned int) n;
	return 0;
}

static int opt_status_fd(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	unsigned long long n;

	if (parse_uint(arg, 1 << 20, &n) < 0)
		return usage_error("--status-fd: bad descriptor '%s'", arg);
	cfg->status_fd = (int) n;
	return 0;
}

static int opt_verbose(struct run_config *cfg, const struct run_opt *o, const char *arg,
		       int *log_level)
{
	cfg->verbosity++;
	if (*log_level < LOG_LEVEL_DEBUG)
		(*log_level)++;
	return 0;
}

static int opt_log_level(struct run_config *cfg, const struct run_opt *o, const char *arg,
			 int *log_level)
{
	int r = parse_log_level(arg);

	if (r < 0)
		return usage_error("--log-level: unknown level '%s' (error, warning, info, debug)",
				   arg);
	*log_level = r;
	return 0;
}

static int opt_name(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	if (!state_name_ok(arg))
		return usage_error("--name: bad name '%s' (letters, digits, '_.-', at most %d)",
				   arg, STATE_NAME_MAX);
	cfg->name = arg;
	return 0;
}

static int opt_log_opt(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	if (logs_parse_opt(cfg, arg) < 0)
		return usage_error("--log-opt: bad '%s' (max-size=SIZE, max-file=N)", arg);
	return 0;
}

static int opt_help(struct run_config *cfg, const struct run_opt *o, const char *arg, int *ll)
{
	options_usage(stdout);
	return -1;
}

#define FIELD(f) offsetof(struct run_config, f)

static const struct run_opt run_opts[] = {
	{"net", no_argument, CLONE_NEWNET, 0, set_clone, 0},
	{"cgroupns", no_argument, CLONE_NEWCGROUP, 0, set_clone, 0},
	{"timens", no_argument, CLONE_NEWTIME, 0, set_clone, 0},
	{"share", required_argument, 0, 0, opt_share, 0},
	{"hostname", required_argument, 0, 0, set_str, FIELD(hostname)},
	{"init", required_argument, 0, 0, set_str, FIELD(init_path)},
	{"no-init", no_argument, 0, 0, set_true, FIELD(no_init)},
	{"grace", required_argument, 0, 0, opt_grace, 0},
	{"stop-timeout", required_argument, 0, 0, opt_grace, 0},
	{"tty", no_argument, 0, 't', set_true, FIELD(tty.is_tty)},
	{"interactive", no_argument, 0, 'i', set_true, FIELD(tty.is_interactive)},
	{"halt-signal", required_argument, 0, 0, opt_halt_signal, 0},
	{"stop-signal", required_argument, 0, 0, opt_stop_signal, 0},
	{"no-restart", no_argument, 0, 0, set_true, FIELD(no_restart)},
	{"max-restarts", required_argument, 0, 0, opt_max_restarts, 0},
	{"preserve-fds", required_argument, 0, 0, opt_preserve_fds, 0},
	{"status-fd", required_argument, 0, 0, opt_status_fd, 0},
	{"verbose", no_argument, 0, 0, opt_verbose, 0},
	{"log-level", required_argument, 0, 0, opt_log_level, 0},
	{"reboot-signal", required_argument, 0, 0, opt_reboot_signal, 0},
	{"name", required_argument, 0, 0, opt_name, 0},
	{"state-dir", required_argument, 0, 0, set_str, FIELD(state_dir)},
	{"detach", no_argument, 0, 'd', set_true, FIELD(detach)},
	{"log-file", required_argument, 0, 0, set_str, FIELD(log_file)},
	{"pidfile", required_argument, 0, 0, set_str, FIELD(pidfile)},
	/* Docker's spellings (-v is --volume there, so verbose keeps only its long name). */
	{"volume", required_argument, OPT_ISO_BIND, 'v', NULL, 0},
	{"workdir", required_argument, OPT_ISO_CWD, 'w', NULL, 0},
	{NULL, required_argument, OPT_ISO_ENV, 'e', NULL, 0},
	{NULL, required_argument, OPT_ISO_USER, 'u', NULL, 0},
	{"entrypoint", required_argument, 0, 0, set_str, FIELD(entrypoint)},
	{"rm", no_argument, 0, 0, set_true, FIELD(rm)},
	{"log-opt", required_argument, 0, 0, opt_log_opt, 0},
	ISOLATE_LONG_OPTS,
	CONFINE_LONG_OPTS,
	{"help", no_argument, 0, 'h', opt_help, 0},
};

#define N_RUN_OPTS (sizeof(run_opts) / sizeof(run_opts[0]))

/* getopt_long's view of run_opts: val is the row's index (past any short letter). */
static struct option long_opts[N_RUN_OPTS + 1];
static char short_opts[2 + 2 * N_RUN_OPTS + 1];

static void getopt_tables(void)
{
	size_t n = 0, k = 0;

	/* "+": options end at the first non-option, so COMMAND's own options stay its own. */
	short_opts[k++] = '+';
	short_opts[k++] = ':';
	for (size_t i = 0; i < N_RUN_OPTS; i++) {
		const struct run_opt *o = &run_opts[i];

		if (o->short_name) {
			short_opts[k++] = o->short_name;
			if (o->has_arg == required_argument)
				short_opts[k++] = ':';
		}
		if (o->name)
			long_opts[n++] = (struct option){o->name, o->has_arg, NULL, 256 + (int) i};
	}
	short_opts[k] = '\0';
	long_opts[n] = (struct option){NULL, 0, NULL, 0};
}

static const struct run_opt *row_of(int c)
{
	if (c >= 256 && (size_t) c < 256 + N_RUN_OPTS)
		return &run_opts[c - 256];
	for (size_t i = 0; i < N_RUN_OPTS; i++)
		if (c && run_opts[i].short_name == c)
			return &run_opts[i];
	return NULL;
}

static int parse_one(struct run_config *cfg, int c, int *log_level)
{
	const struct run_opt *o = row_of(c);

	if (o && o->fn)
		return o->fn(cfg, o, optarg, log_level);
	if (o && isolate_is_opt(o->code))
		return isolate_parse_opt(cfg, o->code, optarg);
	if (o && confine_is_opt(o->code))
		return confine_parse_opt(cfg, o->code, optarg);
	return usage_error("unknown option '%s'", optarg);
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

	getopt_tables();
	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1;

		c = getopt_long(argc, argv, short_opts, long_opts, &li);
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
