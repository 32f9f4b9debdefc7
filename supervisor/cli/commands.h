/* SPDX-License-Identifier: MIT */
/*
 * The container commands, each `int NAME_main(argc, argv)` with argv[0] the command's
 * name, dispatched by main.c. Exit codes: see client.h.
 */
#ifndef TETHER_COMMANDS_H
#define TETHER_COMMANDS_H

int run_main(int argc, char **argv);
int list_main(int argc, char **argv);
int status_main(int argc, char **argv);
int stop_main(int argc, char **argv);
int reboot_main(int argc, char **argv);
int kill_main(int argc, char **argv);
int wait_main(int argc, char **argv);
int exec_main(int argc, char **argv);
int rm_main(int argc, char **argv);
int logs_main(int argc, char **argv);
int ps_main(int argc, char **argv);
int attach_main(int argc, char **argv);
int stats_main(int argc, char **argv);

#endif
