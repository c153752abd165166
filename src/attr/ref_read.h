/* Reading a parsed prototxt into the reference profile's layer list. */
#ifndef ARCHC_ATTR_REF_READ_H
#define ARCHC_ATTR_REF_READ_H

#include "attr/ref.h"
#include "caffe/pbtext.h"

/* Fills `out` from the `layer` messages of `pb` (spec §3). */
bool ref_read(arena *a, const pb_file *pb, ref_net *out);

#endif
