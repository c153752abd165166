/* Placeholder for `archc convert` until the converter lands. */
#include "cli/cli.h"

int cmd_convert(const cli_opts *o, char **files, int nfiles) {
  (void)o, (void)files, (void)nfiles;
  fputs("archc: convert is not implemented yet\n", stderr);
  return EXIT_USAGE;
}
