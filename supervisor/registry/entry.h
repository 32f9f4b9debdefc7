/* SPDX-License-Identifier: MIT */
/*
 * Removal of a whole entry of the state directory, for `tether rm` and `run --rm`: every
 * file DIR/NAME:*, then the lock DIR/NAME last, so that an entry is never half a lock.
 * The caller holds the lock (state_lock copes with a lock removed under it).
 */
#ifndef TETHER_ENTRY_H
#define TETHER_ENTRY_H

/* 0, or the first -errno (the removal goes on past it). */
int entry_remove(const char *dir, const char *name);

#endif
