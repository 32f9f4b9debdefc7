/* SPDX-License-Identifier: MIT */
/* sig.h: a table of Linux signal names, parsed strictly. */
#include "sig.h"
#include "fmt.h"
#include "parse.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

struct sig_entry {
	unsigned char num;
	char name[7];
};

/* Canonical names first; aliases after, so sig_name finds the canonical one. */
static const struct sig_entry sig_table[] = {
	{SIGHUP, "HUP"},   {SIGINT, "INT"},       {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},
	{SIGTRAP, "TRAP"}, {SIGABRT, "ABRT"},     {SIGBUS, "BUS"},   {SIGFPE, "FPE"},
	{SIGKILL, "KILL"}, {SIGUSR1, "USR1"},     {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"},
	{SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"},     {SIGTERM, "TERM"}, {SIGSTKFLT, "STKFLT"},
	{SIGCHLD, "CHLD"}, {SIGCONT, "CONT"},     {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},
	{SIGTTIN, "TTIN"}, {SIGTTOU, "TTOU"},     {SIGURG, "URG"},   {SIGXCPU, "XCPU"},
	{SIGXFSZ, "XFSZ"}, {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"}, {SIGWINCH, "WINCH"},
	{SIGIO, "IO"},     {SIGPWR, "PWR"},       {SIGSYS, "SYS"},   {SIGIOT, "IOT"},
	{SIGCHLD, "CLD"},  {SIGIO, "POLL"},
};

#define SIG_TABLE_LEN (sizeof(sig_table) / sizeof(sig_table[0]))

static int rt_offset(const char *s, int base, int sign)
{
	unsigned long long n = 0;

	if (*s == '\0')
		return base;
	if (*s != (sign > 0 ? '+' : '-') || parse_uint(s + 1, SIG_RTMAX - SIG_RTMIN, &n) < 0)
		return -EINVAL;
	return base + sign * (int) n;
}

int sig_from_name(const char *name)
{
	unsigned long long n;
	size_t i;

	if (!name || !*name)
		return -EINVAL;
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	/* "SIG32" too: it is what sig_name prints for the two signals glibc keeps for itself. */
	if (*name >= '0' && *name <= '9') {
		if (parse_uint(name, SIG_RTMAX, &n) < 0 || n == 0)
			return -EINVAL;
		return (int) n;
	}
	if (strncasecmp(name, "RTMIN", 5) == 0)
		return rt_offset(name + 5, SIG_RTMIN, 1);
	if (strncasecmp(name, "RTMAX", 5) == 0)
		return rt_offset(name + 5, SIG_RTMAX, -1);
	for (i = 0; i < SIG_TABLE_LEN; i++)
		if (strcasecmp(name, sig_table[i].name) == 0)
			return sig_table[i].num;
	return -EINVAL;
}

const char *sig_name(int sig, char *buf)
{
	size_t i;

	if (sig < 1 || sig > SIG_RTMAX)
		return NULL;
	for (i = 0; i < SIG_TABLE_LEN; i++)
		if (sig_table[i].num == sig) {
			fmt_buf(buf, SIG_NAME_MAX, "SIG%s", sig_table[i].name);
			return buf;
		}
	if (sig < SIG_RTMIN)
		fmt_buf(buf, SIG_NAME_MAX, "SIG%d", sig);
	else if (sig == SIG_RTMIN)
		fmt_buf(buf, SIG_NAME_MAX, "SIGRTMIN");
	else if (sig - SIG_RTMIN <= (SIG_RTMAX - SIG_RTMIN) / 2)
		fmt_buf(buf, SIG_NAME_MAX, "SIGRTMIN+%d", sig - SIG_RTMIN);
	else if (sig == SIG_RTMAX)
		fmt_buf(buf, SIG_NAME_MAX, "SIGRTMAX");
	else
		fmt_buf(buf, SIG_NAME_MAX, "SIGRTMAX-%d", SIG_RTMAX - sig);
	return buf;
}

bool sig_is_catchable(int sig)
{
	return sig >= 1 && sig <= SIG_RTMAX && sig != SIGKILL && sig != SIGSTOP;
}

bool sig_is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
	       sig == SIGTRAP || sig == SIGSYS;
}

bool sig_is_own_pipe(int sig, int code, int pid)
{
	return sig == SIGPIPE && code == SI_USER && pid == (int) getpid();
}
