/* SPDX-License-Identifier: MIT */
/* JSON string escaping, shared by the --status-fd lines and `list/status --json`. */
#ifndef TETHER_JSON_H
#define TETHER_JSON_H

#define JSON_CHAR_MAX 8 /* "\u001f" and the NUL */

/* The JSON form of one byte of a string: itself, or escaped (", \ and controls). */
const char *json_char(unsigned char c, char out[JSON_CHAR_MAX]);

#endif
