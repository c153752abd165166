/* Forward paths, complete-path membership, last qualifying records and
 * backward depth over the reference's layer graph (spec §6). */
#ifndef ARCHC_ATTR_REF_PATHS_H
#define ARCHC_ATTR_REF_PATHS_H

#include "attr/ref_int.h"

/* Beyond this many forward paths from one input, net depth is given up
 * (NaN with a warning): the count grows exponentially with stacked
 * branches, and residual networks have astronomically many. */
enum { REF_MAX_PATHS = 1 << 20 };

typedef enum ref_walk_status { REF_WALK_OK, REF_WALK_CYCLE, REF_WALK_TOO_MANY } ref_walk_status;

/* Called with the kept records of each complete path, in order. */
typedef void (*ref_path_fn)(void *ctx, const uint32_t *path, size_t len);

/* The followed successors of v (in phase, not pass-through), after the
 * inception jump if asked; returns how many there are (writing at most
 * cap). *stuck: the jump would never end. */
size_t ref_successors(refg *g, uint32_t v, bool with_jump, uint32_t *out, size_t cap,
                      bool *stuck);

/* Enumerates the forward paths from `start` without the jump (§6.2). */
ref_walk_status ref_paths(refg *g, uint32_t start, bool (*keep)(const rec *), ref_path_fn emit,
                          void *ctx);

/* on_path[i]: record i lies on a complete forward path (no jump) from one
 * of the starts. */
void ref_on_complete_paths(refg *g, const uint32_t *starts, size_t nstarts, bool *on_path);

/* The distinct last Convolution or inception concat of the complete paths
 * from `start` with the inception jump (§7.9), in record order. */
size_t ref_last_qualifying(refg *g, uint32_t start, uint32_t *out, size_t cap, bool *stuck);

/* depth[i] = Depth(record i, unit) of §6.3, or -1 where the reference
 * would hang or fail. */
void ref_depths(refg *g, bool unit, int64_t *depth);

#endif
