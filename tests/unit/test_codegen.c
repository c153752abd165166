/* Unit tests for src/models/codegen.c outside the tables themselves: which
 * names --emit-c accepts, and the command line recorded in a generated
 * file's header (base names of the input files, no output options, shell
 * quoting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "models/codegen.h"

static void identifiers(void **state) {
  (void)state;
  assert_true(codegen_ident_ok("menndl_nova_accuracy_ols"));
  assert_true(codegen_ident_ok("_x9"));
  assert_true(codegen_ident_ok("A"));
  assert_false(codegen_ident_ok(""));
  assert_false(codegen_ident_ok("9lives"));
  assert_false(codegen_ident_ok("nb201-cifar10"));
  assert_false(codegen_ident_ok("a b"));
  assert_false(codegen_ident_ok("dir/name"));
  assert_false(codegen_ident_ok("caf\xc3\xa9"));
}

#define ARGC(a) ((int)(sizeof(a) / sizeof(a)[0]))

static void expect_provenance(int argc, char *const *argv, const char *want) {
  char *got = codegen_provenance(argc, argv);
  assert_string_equal(got, want);
  free(got);
}

static void provenance_separate_values(void **state) {
  (void)state;
  char *const argv[] = {
      "train", "--features", "/data/sets/nova.csv", "--target", "final_accuracy",
      "--threshold", "0.35", "--out", "/home/u/model.txt", "--emit-c", "menndl_x",
      "--emit-dir", "src/models/generated", "--timing", "--train-list", "lists/train.txt",
      "--predictions", "/scratch/p.csv", "--seed", "1",
  };
  expect_provenance(ARGC(argv), argv,
                    "archc train --features nova.csv --target final_accuracy --threshold 0.35 "
                    "--emit-c menndl_x --train-list train.txt --seed 1");
}

static void provenance_joined_values(void **state) {
  (void)state;
  char *const argv[] = {
      "train", "--features=/data/nova.csv", "--target=/data/acc/top1.csv:top1",
      "--out=/m.txt", "--emit-dir=gen", "--predictions=p.csv", "--train-list=train.txt",
      "--columns=a,b,c",
  };
  expect_provenance(ARGC(argv), argv,
                    "archc train --features=nova.csv --target=top1.csv:top1 "
                    "--train-list=train.txt --columns=a,b,c");
}

/* A target FILE:COLUMN after a space keeps only the file's base name. */
static void provenance_target_file(void **state) {
  (void)state;
  char *const argv[] = {"train", "--features", "-", "--target", "../data/acc.csv:top1"};
  expect_provenance(ARGC(argv), argv, "archc train --features - --target acc.csv:top1");
}

static void provenance_quoting(void **state) {
  (void)state;
  char *const argv[] = {
      "train", "--description", "Final accuracy (it's a forest)", "--name", "",
      "--features", "my data/set 1.csv",
  };
  expect_provenance(ARGC(argv), argv,
                    "archc train --description 'Final accuracy (it'\\''s a forest)' "
                    "--name '' --features 'set 1.csv'");
}

/* An output option at the very end, without its value, is dropped too. */
static void provenance_trailing_option(void **state) {
  (void)state;
  char *const argv[] = {"train", "--model", "ols", "--out"};
  expect_provenance(ARGC(argv), argv, "archc train --model ols");
  char *const only[] = {"train"};
  expect_provenance(ARGC(only), only, "archc train");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(identifiers),
      cmocka_unit_test(provenance_separate_values),
      cmocka_unit_test(provenance_joined_values),
      cmocka_unit_test(provenance_target_file),
      cmocka_unit_test(provenance_quoting),
      cmocka_unit_test(provenance_trailing_option),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
