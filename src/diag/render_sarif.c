/* Diagnostics as a SARIF 2.1.0 log: one run of archc, with a rule for each
 * code that occurs, a result for each diagnostic, notes as related
 * locations and fix-its as fixes. archc counts columns in bytes; SARIF
 * cannot say "bytes", so columns are converted to UTF-16 code units, the
 * unit SARIF assumes by default, and the run states it in columnKind. */
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "archc/archc.h"
#include "diag/render.h"
#include "util/buf.h"

#define SARIF_SCHEMA \
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
/* Where rules' help lives: doc/diagnostics.md has one section per code. */

static const char *const level_name[] = {"note", "warning", "error"};

json_t *diag_sarif_new(void) {
  json_t *driver = json_object();
  json_object_set_new(driver, "name", json_string("archc"));
  json_object_set_new(driver, "version", json_string(archc_version()));
  json_object_set_new(driver, "semanticVersion", json_string(archc_version()));
  json_object_set_new(driver, "rules", json_array());
  json_t *tool = json_object();
  json_object_set_new(tool, "driver", driver);
  json_t *run = json_object();
  json_object_set_new(run, "tool", tool);
  json_object_set_new(run, "columnKind", json_string("utf16CodeUnits"));
  json_object_set_new(run, "artifacts", json_array());
  json_object_set_new(run, "results", json_array());
  json_t *log = json_object();
  json_object_set_new(log, "$schema", json_string(SARIF_SCHEMA));
  json_object_set_new(log, "version", json_string("2.1.0"));
  json_t *runs = json_array();
  json_array_append_new(runs, run);
  json_object_set_new(log, "runs", runs);
  return log;
}

/* A file name as a URI reference: relative names stay relative, absolute
 * ones become file: URIs; every byte outside the unreserved set and '/'
 * is percent-encoded. */
static json_t *file_uri(const char *name) {
  static const char hex[] = "0123456789ABCDEF";
  buf b = {0};
  if (name[0] == '/') buf_puts(&b, "file://");
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~/", *p)) {
      buf_putc(&b, (char)*p);
    } else {
      buf_putc(&b, '%');
      buf_putc(&b, hex[*p >> 4]);
      buf_putc(&b, hex[*p & 15]);
    }
  }
  json_t *j = json_string(b.data ? b.data : "");
  buf_free(&b);
  return j;
}

/* The column of a byte offset in UTF-16 code units, from 1: a UTF-8 lead
 * byte counts one unit (two for a four-byte sequence), continuation bytes
 * none. */
static uint32_t utf16_column(const source *s, src_pos p) {
  uint32_t len;
  const unsigned char *line = (const unsigned char *)source_line(s, p.line, &len);
  uint32_t units = 1;
  for (uint32_t i = 0; i + 1 < p.col && i < len; i++) {
    if ((line[i] & 0xC0) == 0x80) continue;
    units += line[i] >= 0xF0 ? 2 : 1;
  }
  return units;
}

static json_t *region(const source *s, src_range r) {
  src_pos a = source_pos(s, r.start), b = source_pos(s, r.end);
  json_t *o = json_object();
  json_object_set_new(o, "startLine", json_integer(a.line));
  json_object_set_new(o, "startColumn", json_integer(utf16_column(s, a)));
  json_object_set_new(o, "endLine", json_integer(b.line));
  json_object_set_new(o, "endColumn", json_integer(utf16_column(s, b)));
  return o;
}

static json_t *message(const char *text) {
  json_t *m = json_object();
  json_object_set_new(m, "text", diag_json_string(text));
  return m;
}

/* The artifact of a file, added to run.artifacts on first sight. Standard
 * input has no URI, only a description. */
static json_t *artifact_location(json_t *run, json_t *index, const char *name, bool is_stdin) {
  json_t *loc = json_object();
  if (is_stdin) json_object_set_new(loc, "description", message("standard input"));
  else json_object_set_new(loc, "uri", file_uri(name));
  /* Keys are prefixed so that file names and codes cannot collide. */
  buf k = {0};
  buf_printf(&k, "file:%s", name);
  json_t *have = json_object_get(index, k.data);
  json_int_t i;
  if (have) {
    i = json_integer_value(have);
  } else {
    json_t *artifacts = json_object_get(run, "artifacts");
    i = (json_int_t)json_array_size(artifacts);
    json_t *a = json_object();
    json_object_set_new(a, "location", json_deep_copy(loc));
    json_array_append_new(artifacts, a);
    json_object_set_new(index, k.data, json_integer(i));
  }
  buf_free(&k);
  json_object_set_new(loc, "index", json_integer(i));
  return loc;
}

/* The index of the code's rule in tool.driver.rules, adding it if new. */
static json_int_t rule_index(json_t *run, json_t *index, const char *code, diag_severity sev) {
  buf k = {0};
  buf_printf(&k, "rule:%s", code);
  json_t *have = json_object_get(index, k.data);
  json_int_t i;
  if (have) {
    i = json_integer_value(have);
  } else {
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    json_t *rules = json_object_get(driver, "rules");
    i = (json_int_t)json_array_size(rules);
    const diag_code_info *info = diag_code_find(code, strlen(code));
    json_t *r = json_object();
    json_object_set_new(r, "id", diag_json_string(code));
    json_object_set_new(r, "shortDescription", message(info ? info->summary : code));
    /* archc has no web home to point helpUri at; the documentation ships
     * with it, so the rule says where to look. */
    buf help = {0};
    buf_printf(&help, "See doc/diagnostics.md, section %s.", code);
    json_object_set_new(r, "help", message(help.data));
    buf_free(&help);
    json_t *conf = json_object();
    json_object_set_new(conf, "level", json_string(level_name[info ? info->severity : sev]));
    json_object_set_new(r, "defaultConfiguration", conf);
    json_array_append_new(rules, r);
    json_object_set_new(index, k.data, json_integer(i));
  }
  buf_free(&k);
  return i;
}

static json_t *physical(json_t *artifact, const source *s, src_range r) {
  json_t *p = json_object();
  json_object_set(p, "artifactLocation", artifact);
  if (s) json_object_set_new(p, "region", region(s, r));
  return p;
}

/* The note's text without its "fix: " (a SARIF fix is a fix already). */
static const char *fixit_description(const diag *d, const diag_fixit *f) {
  static const char prefix[] = "fix: ";
  for (const diag_note *n = d->notes; n; n = n->next)
    if (n->fixit == f)
      return strncmp(n->message, prefix, sizeof prefix - 1) == 0 ? n->message + sizeof prefix - 1
                                                                 : n->message;
  return "fix";
}

static json_t *result(json_t *run, json_t *index, json_t *artifact, const diag *d) {
  json_t *res = json_object();
  if (d->code) {
    json_object_set_new(res, "ruleId", diag_json_string(d->code));
    json_int_t rule = rule_index(run, index, d->code, d->severity);
    json_object_set_new(res, "ruleIndex", json_integer(rule));
  }
  json_object_set_new(res, "level", json_string(level_name[d->severity]));
  json_object_set_new(res, "message", message(d->message));
  json_t *locs = json_array();
  json_t *loc = json_object();
  json_object_set_new(loc, "physicalLocation", physical(artifact, d->src, d->range));
  json_array_append_new(locs, loc);
  json_object_set_new(res, "locations", locs);

  json_t *related = json_array();
  json_int_t id = 1;
  for (const diag_note *n = d->notes; n; n = n->next) {
    if (n->fixit) continue;
    json_t *rl = json_object();
    json_object_set_new(rl, "id", json_integer(id++));
    json_object_set_new(rl, "physicalLocation",
                        physical(artifact, d->src, n->src ? n->range : d->range));
    json_object_set_new(rl, "message", message(n->message));
    json_array_append_new(related, rl);
  }
  if (json_array_size(related)) json_object_set(res, "relatedLocations", related);
  json_decref(related);

  if (d->fixits) {
    json_t *fixes = json_array();
    for (const diag_fixit *f = d->fixits; f; f = f->next) {
      json_t *rep = json_object();
      json_object_set_new(rep, "deletedRegion", region(d->src, f->range));
      json_object_set_new(rep, "insertedContent", message(f->text));
      json_t *reps = json_array();
      json_array_append_new(reps, rep);
      json_t *change = json_object();
      json_object_set(change, "artifactLocation", artifact);
      json_object_set_new(change, "replacements", reps);
      json_t *changes = json_array();
      json_array_append_new(changes, change);
      json_t *fix = json_object();
      json_object_set_new(fix, "description", message(fixit_description(d, f)));
      json_object_set_new(fix, "artifactChanges", changes);
      json_array_append_new(fixes, fix);
    }
    json_object_set_new(res, "fixes", fixes);
  }
  return res;
}

/* A file whose diagnostics were cut short is a notification of the run's
 * invocation, not a result. */
static void note_truncated(json_t *run, json_t *artifact) {
  json_t *invs = json_object_get(run, "invocations");
  if (!invs) {
    json_t *inv = json_object();
    json_object_set_new(inv, "executionSuccessful", json_true());
    json_object_set_new(inv, "toolExecutionNotifications", json_array());
    invs = json_array();
    json_array_append_new(invs, inv);
    json_object_set_new(run, "invocations", invs);
  }
  json_t *n = json_object();
  json_object_set_new(n, "level", json_string("note"));
  json_object_set_new(n, "message", message("too many diagnostics; the rest were not shown"));
  json_t *locs = json_array();
  json_t *loc = json_object();
  json_object_set_new(loc, "physicalLocation", physical(artifact, NULL, (src_range){0, 0}));
  json_array_append_new(locs, loc);
  json_object_set_new(n, "locations", locs);
  json_array_append_new(
      json_object_get(json_array_get(invs, 0), "toolExecutionNotifications"), n);
}

void diag_sarif_add(json_t *log, json_t *index, const diag_list *l, const source *src,
                    const char *name) {
  json_t *run = json_array_get(json_object_get(log, "runs"), 0);
  bool is_stdin = src ? strcmp(src->name, "-") == 0 : strcmp(name, "<stdin>") == 0;
  json_t *artifact = artifact_location(run, index, name, is_stdin);
  json_t *results = json_object_get(run, "results");
  for (const diag *d = l->head; d; d = d->next)
    json_array_append_new(results, result(run, index, artifact, d));
  if (l->truncated) note_truncated(run, artifact);
  json_decref(artifact);
}
