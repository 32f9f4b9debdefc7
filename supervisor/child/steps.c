/* SPDX-License-Identifier: MIT */
/*
 * steps.h: the names of the child's steps, the vocabulary of the sync socket, from the
 * rows each handler's file defines (SETUP_KIND). Read by the child (the test hook) and the
 * parent (messages, status): no heap, no stdio.
 */
#include "steps.h"
#include "child.h"

#include <string.h>

const char *setup_step_id(int step)
{
	const struct setup_kind_info *k = setup_kind(step);

	return k ? k->id : "unknown";
}

const char *setup_step_verb(int step)
{
	const struct setup_kind_info *k = setup_kind(step);

	return k ? k->verb : "unknown step";
}

int setup_step_by_id(const char *id)
{
	for (int i = 0; i < STEP_COUNT; i++) {
		const struct setup_kind_info *k = setup_kind(i);

		if (k && strcmp(id, k->id) == 0)
			return i;
	}
	return -1;
}
