/* Typed reads from the tree, with the schema's defaults for what the file
 * leaves out. The tree was checked against the schema first (caffe_check),
 * so a value of the wrong kind here only comes after an error, and reads
 * as the default. */
#include <stdlib.h>
#include <string.h>

#include "caffe/import.h"

pbv pbv_of(const pb_value *msg, const pb_message_def *def, src_range loc) {
  pbv v = {NULL, 0, def, loc};
  if (msg && msg->kind == PB_MESSAGE) {
    v.fields = msg->u.fields;
    v.n = msg->len;
    v.loc = msg->loc;
  }
  return v;
}

const pb_field *pbv_field(pbv v, const char *name) { return pbv_nth(v, name, 0); }

bool pbv_has(pbv v, const char *name) { return pbv_field(v, name) != NULL; }

uint32_t pbv_count(pbv v, const char *name) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < v.n; i++)
    if (v.fields[i].name[0] == name[0] && strcmp(v.fields[i].name, name) == 0) n++;
  return n;
}

const pb_field *pbv_nth(pbv v, const char *name, uint32_t k) {
  for (uint32_t i = 0; i < v.n; i++)
    if (v.fields[i].name[0] == name[0] && strcmp(v.fields[i].name, name) == 0 && k-- == 0)
      return &v.fields[i];
  return NULL;
}

static const pb_field_def *def_of(pbv v, const char *name) {
  return v.def ? pb_field_def_find(v.def, name) : NULL;
}

pbv pbv_msg_nth(pbv v, const char *name, uint32_t i) {
  const pb_field_def *d = def_of(v, name);
  /* A legacy V1 layer lacks the newer parameters; its reads of them give
   * LayerParameter's defaults. */
  if (!d) d = pb_field_def_find(caffe_message_def("LayerParameter"), name);
  const pb_field *f = pbv_nth(v, name, i);
  return pbv_of(f ? &f->value : NULL, d ? d->msg : NULL, f ? f->value.loc : v.loc);
}

pbv pbv_msg(pbv v, const char *name) { return pbv_msg_nth(v, name, 0); }

static bool bool_word(const char *s, bool *out) {
  if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "t")) return *out = true, true;
  if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "f")) return *out = false, true;
  return false;
}

/* The default of a field as a number (bools: 0 or 1, enums: the value). */
static double default_number(const pb_field_def *d) {
  if (!d) return 0;
  if (d->type == PBT_ENUM) {
    const pb_enum_value *e = d->deflt ? pb_enum_by_name(d->enm, d->deflt) : &d->enm->values[0];
    return e ? e->number : 0;
  }
  if (!d->deflt) return 0;
  bool b;
  if (d->type == PBT_BOOL) return bool_word(d->deflt, &b) && b;
  return strtod(d->deflt, NULL);
}

int64_t pbv_int_nth(pbv v, const char *name, uint32_t i) {
  const pb_field *f = pbv_nth(v, name, i);
  if (f && f->value.kind == PB_INT) return f->value.u.i;
  return (int64_t)default_number(def_of(v, name));
}

int64_t pbv_int(pbv v, const char *name) { return pbv_int_nth(v, name, 0); }

double pbv_float_nth(pbv v, const char *name, uint32_t i) {
  const pb_field *f = pbv_nth(v, name, i);
  if (f && f->value.kind == PB_FLOAT) return f->value.u.f;
  if (f && f->value.kind == PB_INT) return (double)f->value.u.i;
  return default_number(def_of(v, name));
}

double pbv_float(pbv v, const char *name) { return pbv_float_nth(v, name, 0); }

bool pbv_bool(pbv v, const char *name) {
  const pb_field *f = pbv_field(v, name);
  bool b;
  if (f && f->value.kind == PB_IDENT && bool_word(f->value.u.s, &b)) return b;
  if (f && f->value.kind == PB_INT && (f->value.u.i == 0 || f->value.u.i == 1))
    return f->value.u.i == 1;
  return default_number(def_of(v, name)) != 0;
}

const char *pbv_string_nth(pbv v, const char *name, uint32_t i) {
  const pb_field *f = pbv_nth(v, name, i);
  if (f && f->value.kind == PB_STRING) return f->value.u.s;
  const pb_field_def *d = def_of(v, name);
  return d && d->deflt && i == 0 ? d->deflt : "";
}

const char *pbv_string(pbv v, const char *name) { return pbv_string_nth(v, name, 0); }

const char *pbv_enum(pbv v, const char *name) {
  const pb_field_def *d = def_of(v, name);
  if (!d || d->type != PBT_ENUM) return "";
  const pb_field *f = pbv_field(v, name);
  const pb_enum_value *e = NULL;
  if (f && f->value.kind == PB_IDENT) e = pb_enum_by_name(d->enm, f->value.u.s);
  else if (f && f->value.kind == PB_INT) e = pb_enum_by_number(d->enm, f->value.u.i);
  if (!e) e = d->deflt ? pb_enum_by_name(d->enm, d->deflt) : &d->enm->values[0];
  return e ? e->name : "";
}

src_range pbv_loc(pbv v, const char *name) {
  const pb_field *f = pbv_field(v, name);
  return f ? f->value.loc : v.loc;
}
