/* SPDX-License-Identifier: MIT */
/* json.h: the escapes RFC 8259 requires; other bytes (UTF-8 included) pass as they are. */
#include "json.h"

#include <stdio.h>

const char *json_char(unsigned char c, char out[JSON_CHAR_MAX])
{
	if (c == '"' || c == '\\')
		snprintf(out, JSON_CHAR_MAX, "\\%c", c);
	else if (c < 0x20)
		snprintf(out, JSON_CHAR_MAX, "\\u%04x", c);
	else
		snprintf(out, JSON_CHAR_MAX, "%c", c);
	return out;
}
