/* SPDX-License-Identifier: MIT */
/*
 * A tiny TAP test harness: each TEST runs in a forked child, so a crash fails one test and
 * not the file. CHECK and CHECK_EQ fail the test; SKIP(reason) exits 77 and is reported as
 * a skip. The last line is "N passed, N failed" (with ", N skipped").
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "# %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			_exit(1);                                                                  \
		}                                                                                  \
	} while (0)

#define CHECK_EQ(a, b)                                                                          \
	do {                                                                                    \
		long long check_a_ = (long long) (a), check_b_ = (long long) (b);               \
		if (check_a_ != check_b_) {                                                     \
			fprintf(stderr, "# %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, \
				__LINE__, #a, check_a_, #b, check_b_);                          \
			_exit(1);                                                               \
		}                                                                               \
	} while (0)

#define CHECK_STR(a, b)                                                                       \
	do {                                                                                  \
		const char *check_a_ = (a), *check_b_ = (b);                                  \
		if (!check_a_ || strcmp(check_a_, check_b_) != 0) {                           \
			fprintf(stderr, "# %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, \
				__LINE__, #a, check_a_ ? check_a_ : "(null)", check_b_);      \
			_exit(1);                                                             \
		}                                                                             \
	} while (0)

#define SKIP(reason)                             \
	do {                                     \
		fprintf(stderr, "%s\n", reason); \
		_exit(77);                       \
	} while (0)

struct check_test {
	const char *name;
	void (*fn)(void);
};

#define TEST(name) static void name(void)

static inline int check_run(const struct check_test *tests, size_t n)
{
	int passed = 0, failed = 0, skipped = 0;

	printf("1..%zu\n", n);
	fflush(stdout);
	for (size_t i = 0; i < n; i++) {
		int pipefd[2], status = 0;
		char reason[256] = "";
		pid_t pid;

		if (pipe(pipefd) < 0)
			return 1;
		pid = fork();
		if (pid == 0) {
			close(pipefd[0]);
			if (dup2(pipefd[1], 2) < 0)
				_exit(1);
			tests[i].fn();
			_exit(0);
		}
		close(pipefd[1]);
		ssize_t len = read(pipefd[0], reason, sizeof(reason) - 1);
		close(pipefd[0]);
		reason[len > 0 ? len : 0] = '\0';
		reason[strcspn(reason, "\n")] = '\0';
		waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
			printf("ok %zu %s # skip %s\n", i + 1, tests[i].name, reason);
			skipped++;
		} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			printf("ok %zu %s\n", i + 1, tests[i].name);
			passed++;
		} else {
			printf("not ok %zu %s\n%s%s\n", i + 1, tests[i].name, reason[0] ? "" : "# ",
			       reason[0] ? reason : "crashed");
			failed++;
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}

#define CHECK_MAIN(...)                                                       \
	int main(void)                                                        \
	{                                                                     \
		static const struct check_test tests_[] = {__VA_ARGS__};      \
		return check_run(tests_, sizeof(tests_) / sizeof(tests_[0])); \
	}
#define T(fn)           \
	{               \
#fn, fn \
	}

#endif
