/* Placeholder for `archc train` until the model trainers land. */
#include "cli/cli.h"

int cmd_train(int argc, char **argv) {
  (void)argc, (void)argv;
  fputs("archc: train is not implemented yet\n", stderr);
  return EXIT_USAGE;
}
