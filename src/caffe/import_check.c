/* Checking the tree against the schema. An unknown field is only a
 * warning, reported once per message type and name: Caffe forks add fields
 * of their own, and their networks should still import. Everything about
 * a known field is checked as Caffe's protobuf parser would. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "caffe/import.h"
#include "util/buf.h"
#include "util/edit.h"
#include "util/xalloc.h"

typedef struct unknown {
  diag *d;
  uint32_t more;            /* further occurrences */
  const char *message;
} unknown;

/* Past this many distinct unknown fields the file is hardly a network;
 * the rest are counted, not reported. */
enum { MAX_UNKNOWN = 100 };

typedef struct checker {
  arena *arena;
  diag_list *diags;
  const pb_file *file;
  strmap seen;              /* "Message.field" -> index into unknowns */
  unknown *unknowns;
  size_t nunknowns, cap_unknowns;
  uint32_t untold;          /* unknown fields past MAX_UNKNOWN */
} checker;


/* The closest of `n` names to `want`, if it is close enough to be a typo. */
static const char *closest(const char *want, const char *const *names, size_t n,
                           size_t stride) {
  const char *best = NULL;
  size_t best_d = SIZE_MAX, len = strlen(want);
  size_t limit = len < 3 ? 1 : len / 3 + 1;
  for (size_t i = 0; i < n; i++) {
    const char *cand = *(const char *const *)((const char *)names + i * stride);
    size_t d = edit_distance(want, len, cand, strlen(cand), limit);
    if (d <= limit && d < best_d) best = cand, best_d = d;
  }
  return best;
}

static void report_unknown(checker *c, const pb_field *f, const pb_message_def *def) {
  char *key = arena_printf(c->arena, "%s.%s", def->name, f->name);
  uint32_t idx;
  if (strmap_get(&c->seen, key, strlen(key), &idx)) {
    c->unknowns[idx].more++;
    return;
  }
  if (c->nunknowns == MAX_UNKNOWN) {
    c->untold++;
    return;
  }
  c->unknowns = xgrow(c->unknowns, &c->cap_unknowns, c->nunknowns + 1, sizeof *c->unknowns);
  unknown *u = &c->unknowns[c->nunknowns];
  strmap_add(&c->seen, key, strlen(key), (uint32_t)c->nunknowns++);
  u->more = 0;
  u->message = def->name;
  u->d = diag_add(c->diags, DIAG_WARNING, "unknown-field", c->file->src, f->name_loc,
                  "unknown field '%s' in %s; it is ignored", f->name, def->name);
  const char *best = def->nfields ? closest(f->name, &def->fields[0].name, def->nfields,
                                            sizeof def->fields[0])
                                  : NULL;
  if (best) diag_note_add(c->diags, u->d, NULL, f->name_loc, "did you mean '%s'?", best);
}

static void wrong_type(checker *c, const pb_field *f, const pb_field_def *d) {
  const pb_value *v = &f->value;
  if (d->type == PBT_MESSAGE) {
    diag_add(c->diags, DIAG_ERROR, "wrong-value-type", c->file->src, v->loc,
             "'%s' is a message (%s), not %s: write %s { ... }", f->name, d->msg->name,
             pb_kind_desc(v->kind), f->name);
    return;
  }
  uint32_t len;
  const char *text = pb_value_text(c->file, v, &len);
  if (v->kind == PB_MESSAGE)
    diag_add(c->diags, DIAG_ERROR, "wrong-value-type", c->file->src, v->loc,
             "'%s' takes %s, not a message", f->name, pb_type_desc(d->type));
  else
    diag_add(c->diags, DIAG_ERROR, "wrong-value-type", c->file->src, v->loc,
             "'%s' takes %s, not %s (%.*s%s)", f->name, pb_type_desc(d->type),
             pb_kind_desc(v->kind), len > 40 ? 40 : (int)len, text, len > 40 ? "..." : "");
}

static void out_of_range(checker *c, const pb_field *f, const pb_field_def *d) {
  uint32_t len;
  const char *text = pb_value_text(c->file, &f->value, &len);
  diag_add(c->diags, DIAG_ERROR, "number-out-of-range", c->file->src, f->value.loc,
           "%.*s is out of range for '%s' (%s)", len > 40 ? 40 : (int)len, text, f->name,
           pb_type_desc(d->type));
}

static void bad_enum(checker *c, const pb_field *f, const pb_field_def *d) {
  const pb_enum_def *e = d->enm;
  buf values = {0};
  for (uint32_t i = 0; i < e->nvalues; i++)
    buf_printf(&values, "%s%s", i == 0 ? "" : i + 1 == e->nvalues ? " or " : ", ",
               e->values[i].name);
  diag *dg;
  if (f->value.kind == PB_INT)
    dg = diag_add(c->diags, DIAG_ERROR, "bad-enum", c->file->src, f->value.loc,
                  "%" PRId64 " is not a value of %s for '%s': %s", f->value.u.i, e->name,
                  f->name, values.data);
  else
    dg = diag_add(c->diags, DIAG_ERROR, "bad-enum", c->file->src, f->value.loc,
                  "'%s' is not a value of %s for '%s': %s", f->value.u.s, e->name, f->name,
                  values.data);
  buf_free(&values);
  if (f->value.kind == PB_IDENT) {
    const char *best = closest(f->value.u.s, &e->values[0].name, e->nvalues, sizeof e->values[0]);
    if (best) diag_note_add(c->diags, dg, NULL, f->value.loc, "did you mean '%s'?", best);
  }
}

static void check_scalar(checker *c, const pb_field *f, const pb_field_def *d) {
  const pb_value *v = &f->value;
  switch (d->type) {
  case PBT_INT32: case PBT_INT64: case PBT_UINT32: case PBT_UINT64: {
    if (v->kind != PB_INT) {
      wrong_type(c, f, d);
      return;
    }
    int64_t x = v->u.i;
    bool bad = v->overflow;
    if (d->type == PBT_INT32) bad |= x < INT32_MIN || x > INT32_MAX;
    if (d->type == PBT_UINT32) bad |= x < 0 || x > (int64_t)UINT32_MAX;
    if (d->type == PBT_UINT64) bad |= x < 0;
    if (bad) out_of_range(c, f, d);
    return;
  }
  case PBT_FLOAT: case PBT_DOUBLE:
    if (v->kind != PB_INT && v->kind != PB_FLOAT) wrong_type(c, f, d);
    return;
  case PBT_BOOL:
    if (v->kind == PB_INT && (v->u.i == 0 || v->u.i == 1) && !v->overflow) return;
    if (v->kind == PB_IDENT && (!strcmp(v->u.s, "true") || !strcmp(v->u.s, "false") ||
                                !strcmp(v->u.s, "True") || !strcmp(v->u.s, "False") ||
                                !strcmp(v->u.s, "t") || !strcmp(v->u.s, "f")))
      return;
    wrong_type(c, f, d);
    return;
  case PBT_STRING: case PBT_BYTES:
    if (v->kind != PB_STRING) wrong_type(c, f, d);
    return;
  case PBT_ENUM:
    if (v->kind == PB_IDENT) {
      if (!pb_enum_by_name(d->enm, v->u.s)) bad_enum(c, f, d);
    } else if (v->kind == PB_INT) {
      if (v->overflow || !pb_enum_by_number(d->enm, v->u.i)) bad_enum(c, f, d);
    } else {
      wrong_type(c, f, d);
    }
    return;
  case PBT_MESSAGE:
    break;
  }
}

/* A singular field given again: an error at each repetition. A large
 * message keeps the names seen in a map, so that it costs linear time. */
static void check_singular(checker *c, strmap *names, const pb_field *fields, uint32_t n,
                           uint32_t i) {
  const pb_field *f = &fields[i];
  uint32_t first = i;
  if (n <= 32) {
    for (uint32_t k = 0; k < i && first == i; k++)
      if (strcmp(fields[k].name, f->name) == 0) first = k;
    if (first == i) return;
  } else {
    if (strmap_add(names, f->name, strlen(f->name), i)) return;
    strmap_get(names, f->name, strlen(f->name), &first);
  }
  diag *dg = diag_add(c->diags, DIAG_ERROR, "duplicate-field", c->file->src, f->name_loc,
                      "'%s' is not a repeated field, but is given again", f->name);
  diag_note_add(c->diags, dg, c->file->src, fields[first].name_loc, "first given here");
}

static void check_message(checker *c, const pb_field *fields, uint32_t n,
                          const pb_message_def *def, src_range loc) {
  if (def->unchecked) return;
  strmap names;
  strmap_init(&names, c->arena);
  for (uint32_t i = 0; i < n; i++) {
    const pb_field *f = &fields[i];
    const pb_field_def *d = pb_field_def_find(def, f->name);
    if (!d) {
      report_unknown(c, f, def);
      continue;
    }
    if (d->label != PB_REPEATED) check_singular(c, &names, fields, n, i);
    if (d->type == PBT_MESSAGE) {
      if (f->value.kind != PB_MESSAGE) wrong_type(c, f, d);
      else check_message(c, f->value.u.fields, f->value.len, d->msg, f->value.loc);
    } else if (f->value.kind == PB_MESSAGE) {
      wrong_type(c, f, d);
    } else {
      check_scalar(c, f, d);
    }
  }
  for (uint32_t k = 0; k < def->nfields; k++) {
    const pb_field_def *d = &def->fields[k];
    if (d->label != PB_REQUIRED) continue;
    bool found = false;
    for (uint32_t i = 0; i < n && !found; i++) found = strcmp(fields[i].name, d->name) == 0;
    if (!found)
      diag_add(c->diags, DIAG_ERROR, "missing-field", c->file->src, loc,
               "%s needs the field '%s'", def->name, d->name);
  }
}

void caffe_check(arena *a, diag_list *diags, const pb_file *file, const pb_message_def *root) {
  checker c = {.arena = a, .diags = diags, .file = file};
  strmap_init(&c.seen, a);
  check_message(&c, file->fields, file->nfields, root, (src_range){0, 0});
  for (size_t i = 0; i < c.nunknowns; i++)
    if (c.unknowns[i].more)
      diag_note_add(diags, c.unknowns[i].d, NULL, (src_range){0, 0},
                    "%" PRIu32 " more in other %s messages", c.unknowns[i].more,
                    c.unknowns[i].message);
  free(c.unknowns);
}
