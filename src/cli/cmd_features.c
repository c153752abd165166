/* Placeholder for `archc --features` until the attribute pass lands. */
#include "cli/cli.h"

int cmd_features(const cli_opts *o, char **files, int nfiles) {
  (void)o, (void)files, (void)nfiles;
  fputs("archc: --features is not implemented yet\n", stderr);
  return EXIT_USAGE;
}
