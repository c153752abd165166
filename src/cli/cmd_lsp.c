/* Placeholder for `archc lsp` until the language server lands. */
#include "cli/cli.h"

int cmd_lsp(int argc, char **argv) {
  (void)argc, (void)argv;
  fputs("archc: lsp is not implemented yet\n", stderr);
  return EXIT_USAGE;
}
