/* Model files: a text format that saves and loads every kind of model
 * exactly (each double in the shortest form that reads back as the same
 * value). The format, line by line (doc/models.md has an example):
 *
 *   archc-model 1
 *   name TEXT                    TEXT runs to the end of the line
 *   description TEXT
 *   kind forest|extratrees|ols
 *   task classify|regress
 *   target TEXT
 *   threshold X                  nan: none
 *   resid_q90 X                  nan: unknown
 *   quality METRIC X N           optional: the held-out quality (model.h);
 *                                absent when the model was not scored, and
 *                                in files written before it existed
 *   params T D S L F B I C SEED  trees, max depth, min split, min leaf,
 *                                max features, bootstrap, interactions,
 *                                Box-Cox (0/1), seed
 *   features P                   then P lines: FILL MIN MAX NAME
 *   domain SHRINK LIMIT          then a line of P centres, a line of P
 *                                scales and P lines of P precisions
 *   forest NTREES                then per tree: "tree NNODES" and NNODES
 *                                lines FEATURE RIGHT VALUE
 *   ols I C LAMBDA Q SIGMA DF T90 RANK
 *                                then a line of P centres, a line of P
 *                                scales, Q lines COEF SE and Q lines of Q
 *                                covariances
 *   end
 *
 * Only the section of the model's kind (forest or ols) is present. */
#ifndef ARCHC_MODELS_MODELFILE_H
#define ARCHC_MODELS_MODELFILE_H

#include <stdio.h>

#include "models/model.h"

/* Returns 0, or -1 if writing failed. */
int model_save(const model *m, FILE *out);
/* Reads a model written by model_save; the model owns its arrays (free
 * with model_free). Returns 0, or -1 with a message in err. */
int model_load(model *m, FILE *in, char *err, size_t errlen);

int model_save_file(const model *m, const char *path, char *err, size_t errlen);
int model_load_file(model *m, const char *path, char *err, size_t errlen);

#endif
