/* Caffe's protobuf messages as tables: for each message the fields a
 * network definition may use, with their types, repeated-ness, enum values
 * and defaults. The messages of BVLC Caffe are complete for networks; the
 * fields and messages that forks add (and that networks in the wild use)
 * are marked with the fork they come from. Field numbers are left out:
 * the text format names fields. */
#ifndef ARCHC_CAFFE_SCHEMA_H
#define ARCHC_CAFFE_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

typedef enum pb_type {
  PBT_INT32, PBT_INT64, PBT_UINT32, PBT_UINT64,
  PBT_FLOAT, PBT_DOUBLE, PBT_BOOL, PBT_STRING, PBT_BYTES,
  PBT_ENUM, PBT_MESSAGE,
} pb_type;

typedef enum pb_label { PB_OPTIONAL, PB_REPEATED, PB_REQUIRED } pb_label;

typedef struct pb_enum_value {
  const char *name;
  int32_t number;
} pb_enum_value;

typedef struct pb_enum_def {
  const char *name;
  const pb_enum_value *values;
  uint32_t nvalues;
} pb_enum_def;

typedef struct pb_message_def pb_message_def;

typedef struct pb_field_def {
  const char *name;
  pb_type type;
  pb_label label;
  const pb_enum_def *enm;        /* PBT_ENUM */
  const pb_message_def *msg;     /* PBT_MESSAGE */
  const char *deflt;             /* as written in the .proto; NULL: the type's zero
                                    (the first value for an enum) */
  const char *fork;              /* NULL for BVLC Caffe; else the fork that adds it */
} pb_field_def;

struct pb_message_def {
  const char *name;
  const pb_field_def *fields;
  uint32_t nfields;
  bool unchecked;                /* contents are not checked (formats archc does not read) */
  const char *fork;              /* NULL for BVLC Caffe */
};

/* caffe.NetParameter, the root of a network definition. */
const pb_message_def *caffe_net_def(void);
/* A message by its name ("LayerParameter"), or NULL. */
const pb_message_def *caffe_message_def(const char *name);
/* Every message in the schema, for tests and documentation. */
const pb_message_def *const *caffe_all_messages(uint32_t *n);

const pb_field_def *pb_field_def_find(const pb_message_def *m, const char *name);
const pb_enum_value *pb_enum_by_name(const pb_enum_def *e, const char *name);
const pb_enum_value *pb_enum_by_number(const pb_enum_def *e, int64_t number);
/* "int32", "float", "an enum", ...: how a type is named in messages. */
const char *pb_type_desc(pb_type t);

/* A layer type of Caffe's legacy V1LayerParameter enum (CONVOLUTION, or
 * its number) as the type string of LayerParameter ("Convolution"); NULL
 * for NONE or an unknown value. */
const char *caffe_v1_type_name(const char *enum_name);

#endif
