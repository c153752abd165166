#include "models/sample.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/cv.h"
#include "util/strmap.h"
#include "util/xalloc.h"

int sample_select(sample *s, const dataset *d, model_task task, double threshold, char *err,
                  size_t errlen) {
  *s = (sample){.p = d->p};
  s->x = xmalloc((d->n * d->p + 1) * sizeof *s->x);
  s->y = xmalloc((d->n + 1) * sizeof *s->y);
  s->target = xmalloc((d->n + 1) * sizeof *s->target);
  s->keys = xmalloc((d->n + 1) * sizeof *s->keys);
  s->held = xcalloc(d->n + 1, sizeof *s->held);
  bool thr = isfinite(threshold);
  for (size_t i = 0; i < d->n; i++) {
    double t = d->y[i], y = t;
    if (isnan(t)) {
      s->no_target++;
      continue;
    }
    if (task == TASK_CLASSIFY) {
      if (thr) {
        y = t >= threshold;
      } else if (t != 0 && t != 1) {
        snprintf(err, errlen, "%s: target %g of '%s' is not 0 or 1; give a threshold",
                 d->target, t, d->keys[i]);
        return -1;
      }
    } else if (thr && t < threshold) {
      s->below++;
      continue;
    }
    memcpy(s->x + s->n * d->p, d->x + i * d->p, d->p * sizeof *s->x);
    s->y[s->n] = y;
    s->target[s->n] = t;
    s->keys[s->n++] = d->keys[i];
  }
  s->ntrain = s->n;
  return 0;
}

static void count_split(sample *s) {
  s->ntrain = s->nheld = 0;
  for (size_t i = 0; i < s->n; i++) s->held[i] ? s->nheld++ : s->ntrain++;
}

int sample_split_list(sample *s, const char *path, char *err, size_t errlen) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  arena a;
  arena_init(&a);
  strmap names;
  strmap_init(&names, &a);
  char line[4096], key[4096];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (!line[0]) continue;
    const char *k = arena_strdup(&a, dataset_key(line, key, sizeof key));
    strmap_add(&names, k, strlen(k), 0);
  }
  fclose(f);
  uint32_t v;
  for (size_t i = 0; i < s->n; i++)
    s->held[i] = !strmap_get(&names, s->keys[i], strlen(s->keys[i]), &v);
  arena_free(&a);
  count_split(s);
  return 0;
}

void sample_split_random(sample *s, double fraction, bool stratify, unsigned long seed) {
  cv_holdout(s->held, s->n, fraction, stratify ? s->y : NULL, seed);
  count_split(s);
}

size_t sample_pack(const sample *s, bool held, double *x, double *y, size_t *index) {
  size_t m = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->held[i] == held) {
      memcpy(x + m * s->p, s->x + i * s->p, s->p * sizeof *x);
      y[m] = s->y[i];
      index[m++] = i;
    }
  return m;
}

void sample_free(sample *s) {
  free(s->x);
  free(s->y);
  free(s->target);
  free(s->keys);
  free(s->held);
  *s = (sample){0};
}
