/* SPDX-License-Identifier: MIT */
/*
 * exescan DEV INO OUT STOP FIFO: inside a container, looks at /proc/N/exe of every process
 * over and over, as a CVE-2019-5736 attacker does, for the host binary whose device and
 * inode are DEV and INO. Writes "ready", then "found N" at each hit (and opens FIFO for
 * writing once, to let a payload that waits on it go on), then "done" once STOP exists
 * (at most 60 s). A test helper: static, no libc beyond syscalls and snprintf.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void say(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) < 0) {
	}
}

int main(int argc, char **argv)
{
	unsigned long long dev, ino;
	time_t end = time(NULL) + 60;
	int out, found = 0;

	if (argc != 6)
		return 2;
	dev = strtoull(argv[1], NULL, 10);
	ino = strtoull(argv[2], NULL, 10);
	out = open(argv[3], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (out < 0)
		return 1;
	say(out, "ready\n");
	while (access(argv[4], F_OK) != 0 && time(NULL) < end) {
		DIR *d = opendir("/proc");
		struct dirent *e;

		while (d && (e = readdir(d))) {
			char path[300], line[300];
			struct stat st;

			if (e->d_name[0] < '0' || e->d_name[0] > '9')
				continue;
			snprintf(path, sizeof(path), "/proc/%s/exe", e->d_name);
			if (stat(path, &st) < 0 || st.st_dev != dev || st.st_ino != ino)
				continue;
			snprintf(line, sizeof(line), "found %s\n", e->d_name);
			say(out, line);
			if (!found++) {
				int w = open(argv[5], O_WRONLY | O_NONBLOCK | O_CLOEXEC);

				if (w >= 0)
					close(w);
			}
		}
		if (d)
			closedir(d);
	}
	say(out, "done\n");
	return 0;
}
