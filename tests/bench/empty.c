/* SPDX-License-Identifier: MIT */
/*
 * The least a program can do: start and exit 0. Built as tether-init is (static musl) and
 * as tether is (empty-glibc: static-pie glibc), against `tether --version`: what the start
 * of tether's own binary costs before any of its work.
 */
int main(void)
{
	return 0;
}
