/* SPDX-License-Identifier: MIT */
/*
 * tether-init's command line and environment into struct init_config. Options end at the
 * first argument that is not an option; tini's options and TINI_* variables keep their
 * meaning. Bad usage prints one line naming the input and a hint, and never exits here.
 */
#include "init.h"
#include "fmt.h"
#include "log.h"
#include "parse.h"
#include "proc.h"

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GRACE_MAX_MS (1000ULL * 3600 * 24 * 365)
/*
 * Once the child has ended, what is left gets this long: Docker and Podman SIGKILL 10 s
 * after their SIGTERM, so the stragglers' grace must fit in it after the application's own
 * stop, and a container whose application exited should end about as soon as tini's.
 * init.lxc waits 1 s too. Never longer than --grace unless given.
 */
#define EXIT_GRACE_MS 1000ULL
#define GRACE_UNSET   (~0ULL)

enum opt_id {
	OPT_SUBREAPER,
	OPT_PDEATH,
	OPT_EXIT_ZERO,
	OPT_VERBOSE,
	OPT_LICENSE,
	OPT_VERSION,
	OPT_HELP,
	OPT_REWRITE,
	OPT_HALT,
	OPT_REBOOT,
	OPT_STOP,
	OPT_GRACE,
	OPT_EXIT_GRACE,
	OPT_EXIT_FD,
	OPT_FLAG, /* only turns on the bool at the option's flag offset */
};

struct opt {
	const char *name; /* long name without "--", or NULL */
	char letter;      /* short name, or 0 */
	unsigned char id;
	bool has_arg;
	unsigned char flag; /* OPT_FLAG: the offset of its bool in struct init_config */
};

#define FLAG(field) ((unsigned char) offsetof(struct init_config, field))

static const struct opt opts[] = {
	{"subreaper", 's', OPT_SUBREAPER, false, 0},
	{NULL, 'p', OPT_PDEATH, true, 0},
	{NULL, 'g', OPT_FLAG, false, FLAG(kill_group)},
	{NULL, 'e', OPT_EXIT_ZERO, true, 0},
	{NULL, 'v', OPT_VERBOSE, false, 0},
	{NULL, 'w', OPT_FLAG, false, FLAG(warn_reap)},
	{NULL, 'l', OPT_LICENSE, false, 0},
	{"version", 0, OPT_VERSION, false, 0},
	{"help", 'h', OPT_HELP, false, 0},
	{"rewrite", 'r', OPT_REWRITE, true, 0},
	{"halt-signal", 0, OPT_HALT, true, 0},
	{"reboot-signal", 0, OPT_REBOOT, true, 0},
	{"stop-signal", 0, OPT_STOP, true, 0},
	{"grace", 't', OPT_GRACE, true, 0},
	{"exit-grace", 0, OPT_EXIT_GRACE, true, 0},
	{"no-mount", 0, OPT_FLAG, false, FLAG(no_mount)},
	{"keep-fds", 0, OPT_FLAG, false, FLAG(keep_fds)},
	{"keep-signals", 0, OPT_FLAG, false, FLAG(keep_signals)},
	{"pause", 0, OPT_FLAG, false, FLAG(pause)},
	{"exit-fd", 0, OPT_EXIT_FD, true, 0},
};

#define N_OPTS (sizeof(opts) / sizeof(opts[0]))

static const char usage_text[] =
	"Usage: tether-init [OPTIONS] [--] COMMAND [ARG...]\n"
	"       tether-init [OPTIONS] --pause\n"
	"  -p SIG             parent-death signal\n"
	"  -g                 forward to the child's process group\n"
	"  -e CODE            map exit code CODE to 0\n"
	"  -v                 more messages (-vvv)\n"
	"  -w                 warn on reaping other processes\n"
	"  -r, --rewrite S:R  forward S as R (R=0 drops S)\n"
	"  --halt-signal SIG  stop all, halt (SIGPWR)\n"
	"  --reboot-signal SIG|none  stop all, reboot (none; SIGINT if container=lxc)\n"
	"  --stop-signal SIG  (SIGTERM)\n"
	"  -t, --grace TIME   halt/reboot: stop signal to SIGKILL (10)\n"
	"  --exit-grace TIME  the same once the child ended (1)\n"
	"  --exit-fd FD       child's status to FD at the end\n"
	"  --no-mount, --keep-fds, --keep-signals, --pause, -s, -l, -h, --help, --version\n"
	"Env: TETHER_/TINI_ VERBOSITY, KILL_PROCESS_GROUP, SUBREAPER\n";

static void put_fd(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t) w;
	}
}

#define put_out(s) put_fd(STDOUT_FILENO, (s), sizeof(s) - 1)
#define put_err(s) put_fd(STDERR_FILENO, (s), sizeof(s) - 1)

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The one line of the reason, then the hint: both on stderr. */
static int usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LEVEL_ERROR, 0, fmt, ap);
	va_end(ap);
	put_err("Try 'tether-init --help' for more information.\n");
	return INIT_PARSE_USAGE;
}

/* Environment booleans: set, non-empty and not "0" means on. */
static bool env_flag(const char *tether, const char *tini)
{
	const char *v = getenv(tether);

	if (!v)
		v = getenv(tini);
	return v && *v && strcmp(v, "0") != 0;
}

static void parse_env(struct init_config *cfg)
{
	const char *name = "TETHER_VERBOSITY";
	const char *v = getenv(name);
	unsigned long long n;

	if (!v) {
		name = "TINI_VERBOSITY";
		v = getenv(name);
	}
	if (v) {
		/* An init must not refuse to boot over a log level: warn and go on. */
		if (parse_uint(v, 3, &n) == 0)
			cfg->level = (int) n;
		else
			log_warning(0, "ignoring %s='%s': not 0 to 3", name, v);
	}
	cfg->kill_group = env_flag("TETHER_KILL_PROCESS_GROUP", "TINI_KILL_PROCESS_GROUP");
	/* TINI_SUBREAPER / TETHER_SUBREAPER: nothing to do, subreaping is implied. */
	v = getenv("container");
	if (v && strcmp(v, "lxc") == 0)
		cfg->reboot_sig = SIGINT;
}

static int catchable_sig(const char *s)
{
	int sig = sig_from_name(s);

	return sig > 0 && sig_is_catchable(sig) ? sig : -1;
}

static int apply(struct init_config *cfg, const struct opt *o, const char *val, const char *shown)
{
	unsigned long long n;
	int a, b;

	switch (o->id) {
	case OPT_FLAG:
		*((bool *) cfg + o->flag) = true;
		break;
	case OPT_PDEATH:
		cfg->pdeath_sig = sig_from_name(val);
		if (cfg->pdeath_sig < 0)
			return usage("bad signal '%s' for %s", val, shown);
		break;
	case OPT_EXIT_ZERO:
		if (parse_uint(val, 255, &n) < 0)
			return usage("bad exit code '%s' for %s", val, shown);
		cfg->exit_zero[n / 8] |= (unsigned char) (1U << (n % 8));
		break;
	case OPT_VERBOSE:
		if (cfg->level < LOG_LEVEL_DEBUG)
			cfg->level++;
		break;
	case OPT_LICENSE:
		put_out("tether-init is free software under the MIT license "
			"(SPDX-License-Identifier: MIT).\n");
		return INIT_PARSE_DONE;
	case OPT_VERSION:
		put_out("tether-init " TETHER_VERSION "\n");
		return INIT_PARSE_DONE;
	case OPT_HELP:
		put_out(usage_text);
		return INIT_PARSE_DONE;
	case OPT_REWRITE:
		if (parse_sig_rewrite(val, &a, &b) < 0)
			return usage("bad signal rewrite '%s' for %s", val, shown);
		cfg->rewrite[a] = (unsigned char) b;
		break;
	case OPT_HALT:
		cfg->halt_sig = catchable_sig(val);
		if (cfg->halt_sig < 0)
			return usage("bad signal '%s' for %s", val, shown);
		break;
	case OPT_REBOOT:
		cfg->reboot_sig = strcmp(val, "none") == 0 ? 0 : catchable_sig(val);
		if (cfg->reboot_sig < 0)
			return usage("bad signal '%s' for %s", val, shown);
		break;
	case OPT_STOP:
		cfg->stop_sig = sig_from_name(val);
		if (cfg->stop_sig < 0)
			return usage("bad signal '%s' for %s", val, shown);
		break;
	case OPT_GRACE:
	case OPT_EXIT_GRACE:
		if (parse_duration_ms(val, GRACE_MAX_MS,
				      o->id == OPT_GRACE ? &cfg->grace_ms : &cfg->exit_grace_ms) <
		    0)
			return usage("bad duration '%s' for %s", val, shown);
		break;
	case OPT_EXIT_FD:
		/* 0-2 are the child's stdio: never taken from it, never close-on-exec. */
		if (parse_uint(val, 1 << 20, &n) < 0 || n < 3)
			return usage("bad descriptor '%s' for %s", val, shown);
		cfg->exit_fd = (int) n;
		break;
	default: /* OPT_SUBREAPER: implied */
		break;
	}
	return INIT_PARSE_RUN;
}

static const struct opt *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opts[i].name && strncmp(opts[i].name, name, len) == 0 &&
		    opts[i].name[len] == '\0')
			return &opts[i];
	return NULL;
}

static const struct opt *find_short(char c)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opts[i].letter == c)
			return &opts[i];
	return NULL;
}

/* "--name" or "--name=value"; *i moves past a separate value. */
static int parse_long(struct init_config *cfg, char **argv, int *i)
{
	char shown[32];
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	size_t len = eq ? (size_t) (eq - arg) : strlen(arg);
	const struct opt *o = find_long(arg, len);
	const char *val = NULL;

	if (!o)
		return usage("unknown option '%s'", argv[*i]);
	fmt_buf(shown, sizeof(shown), "--%s", o->name);
	if (o->has_arg) {
		val = eq ? eq + 1 : argv[++*i];
		if (!val)
			return usage("option '%s' needs an argument", shown);
	} else if (eq) {
		return usage("option '%s' takes no argument", shown);
	}
	return apply(cfg, o, val, shown);
}

/* "-vvg", "-e1", "-e 1": a cluster of letters, the last may take a value. */
static int parse_short(struct init_config *cfg, char **argv, int *i)
{
	char shown[3] = {'-', 0, 0};
	const char *p;
	int r;

	for (p = argv[*i] + 1; *p; p++) {
		const struct opt *o = find_short(*p);
		const char *val = NULL;

		shown[1] = *p;
		if (!o)
			return usage("unknown option '%s'", shown);
		if (o->has_arg) {
			val = p[1] ? p + 1 : argv[++*i];
			if (!val)
				return usage("option '%s' needs an argument", shown);
		}
		r = apply(cfg, o, val, shown);
		if (r != INIT_PARSE_RUN || o->has_arg)
			return r;
	}
	return INIT_PARSE_RUN;
}

int init_parse(struct init_config *cfg, int argc, char **argv)
{
	int i, r;

	memset(cfg, 0, sizeof(*cfg));
	cfg->level = LOG_LEVEL_WARNING;
	cfg->halt_sig = SIGPWR;
	cfg->stop_sig = SIGTERM;
	cfg->grace_ms = 10000;
	cfg->exit_grace_ms = GRACE_UNSET;
	cfg->exit_fd = -1;
	cfg->reboot_sig = -1; /* unless given: SIGINT under LXC or as a machine's init, else none */
	for (i = 0; i <= SIG_RTMAX; i++)
		cfg->rewrite[i] = (unsigned char) i;
	parse_env(cfg);

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		r = a[1] == '-' ? parse_long(cfg, argv, &i) : parse_short(cfg, argv, &i);
		if (r != INIT_PARSE_RUN)
			return r;
	}
	if (cfg->pause && i < argc)
		return usage("--pause takes no command, got '%s'", argv[i]);
	if (!cfg->pause && i >= argc)
		return usage("no command given");
	cfg->argv = cfg->pause ? NULL : argv + i;
	if (cfg->exit_grace_ms == GRACE_UNSET)
		cfg->exit_grace_ms = cfg->grace_ms < EXIT_GRACE_MS ? cfg->grace_ms : EXIT_GRACE_MS;
	return INIT_PARSE_RUN;
}
