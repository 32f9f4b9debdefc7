/* SPDX-License-Identifier: MIT */
/* trim.h: give back the pages of the start, once the container runs. */
#include "trim.h"

#include <inttypes.h>
#include <link.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* What the loop's own calls may still need below its frame: kept, not faulted in again. */
#define STACK_MARGIN (4 * 1024)

/* The lowest address of the main thread's stack mapping, or 0. */
static uintptr_t stack_low(void)
{
	char line[256];
	uintptr_t lo = 0, hi;
	FILE *f = fopen("/proc/self/maps", "re");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " [stack]") &&
		    sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) == 2)
			break;
		else
			lo = 0;
	if (f)
		fclose(f);
	return lo;
}

static __attribute__((noinline)) void trim_stack(void)
{
	uintptr_t page = (uintptr_t) sysconf(_SC_PAGESIZE), lo = stack_low();
	uintptr_t here = (uintptr_t) __builtin_frame_address(0), end;

	if (!lo || here < lo + STACK_MARGIN)
		return;
	end = (here - STACK_MARGIN) & ~(page - 1);
	if (end > lo)
		madvise((void *) lo, end - lo, MADV_DONTNEED);
}

/*
 * The program's read-only segments (text, read-only data) are the file's own pages: let
 * go, they come back from the page cache when touched. The start's fault-around mapped
 * nearly all of them (1 MB); the loop needs a few. The writable segment (relocated relro,
 * data, bss) is ours alone and stays.
 */
static int trim_segments(struct dl_phdr_info *info, size_t size, void *data)
{
	uintptr_t page = (uintptr_t) sysconf(_SC_PAGESIZE);

	(void) size;
	(void) data;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t from = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
		uintptr_t to = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz) & ~(page - 1);

		/* Only whole pages: the one shared with the writable segment stays. */
		if (ph->p_type == PT_LOAD && !(ph->p_flags & PF_W) && to > from)
			madvise((void *) from, to - from, MADV_DONTNEED);
	}
	return 1; /* the program itself: it is static */
}

void trim_memory(void)
{
	trim_stack();
	malloc_trim(0); /* after: reading the maps took and gave back heap */
	/* Last: the code of the two above would come back at once. */
	dl_iterate_phdr(trim_segments, NULL);
}
