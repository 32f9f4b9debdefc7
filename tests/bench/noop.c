/* SPDX-License-Identifier: MIT */
/*
 * The benchmark payload: a static program that does nothing, so that every launcher row
 * times the launcher and not the payload. Must stay free of any work.
 */
int main(void)
{
	return 0;
}
