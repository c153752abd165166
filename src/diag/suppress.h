/* Suppressing warnings with comments in the source:
 *
 *   y = x -> maxpool(1)   # archc: disable=pool-1x1
 *   # archc: disable=pool-after-pool,pool-1x1     (the next statement)
 *   # archc: disable-file=unused-layer            (the whole file)
 *
 * Warnings (and notes with a code of their own) can be suppressed; errors
 * cannot: a network with an error is not analysed. */
#ifndef ARCHC_DIAG_SUPPRESS_H
#define ARCHC_DIAG_SUPPRESS_H

#include <stddef.h>

#include "diag/diag.h"

/* Reads the directives in the comments of `src`, warns in `l` about
 * malformed ones (bad-directive) and unknown codes (unknown-code), then
 * removes from `l` the diagnostics about `src` that they disable. A directive
 * at the end of a line covers that line; one on a line of its own covers
 * the next statement, every line of it. Returns how many were removed. */
size_t suppress_apply(diag_list *l, const source *src);

#endif
