/* Rendering the diagnostic list for people (text with source line and
 * caret) and for tools (gcc-style one-liners). */
#ifndef ARCHC_DIAG_RENDER_H
#define ARCHC_DIAG_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "diag/diag.h"

typedef enum diag_format { DIAG_FORMAT_TEXT, DIAG_FORMAT_GCC } diag_format;

void diag_render(FILE *out, const diag_list *l, diag_format fmt, bool color);
/* The name shown for a source: "<stdin>" for "-". */
const char *diag_display_name(const source *s);

#endif
