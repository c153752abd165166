/* The paper's attribute columns: names in the published order (spec §2,
 * header defects included) and the 32 model features (spec §8). */
#ifndef ARCHC_ATTR_COLUMNS_H
#define ARCHC_ATTR_COLUMNS_H

#include <stddef.h>

enum { ATTR_NCOLS = 87, ATTR_NPAPER32 = 32 };

/* Column i (0-based; the spec's column 4 + i). Column 24 and 25 are both
 * "num_conv_features" (minimum, maximum), as in the published header. */
extern const char *const attr_column_names[ATTR_NCOLS];
/* Indexes into attr_column_names of the paper's 32 model features. */
extern const int attr_paper32[ATTR_NPAPER32];

#endif
