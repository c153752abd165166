#include "models/model.h"

#include <string.h>

static const char *const kinds[] = {"forest", "extratrees", "ols"};
static const char *const tasks[] = {"classify", "regress"};

const char *model_kind_name(model_kind k) { return kinds[k]; }
const char *model_task_name(model_task t) { return tasks[t]; }

int model_kind_parse(const char *s) {
  for (int i = 0; i < 3; i++)
    if (strcmp(s, kinds[i]) == 0) return i;
  return -1;
}

int model_task_parse(const char *s) {
  for (int i = 0; i < 2; i++)
    if (strcmp(s, tasks[i]) == 0) return i;
  return -1;
}

void model_free(model *m) {
  arena_free(&m->mem);
}

int model_feature_index(const model *m, const char *name) {
  for (size_t i = 0; i < m->nfeatures; i++)
    if (strcmp(m->features[i], name) == 0) return (int)i;
  return -1;
}
