/* `archc lsp`: the language server, on standard input and output. */
#include <signal.h>
#include <string.h>

#include "cli/cli.h"
#include "lsp/lsp.h"

static const char usage[] =
  "usage: archc lsp [--stdio]\n"
  "\n"
  "Runs the language server: Language Server Protocol messages on standard\n"
  "input and output (--stdio is accepted for clients that pass it). Editors\n"
  "start it themselves; see editors/README.md in the source tree.\n"
  "\n"
  "Exit status: 0 after the client's shutdown and exit, 1 otherwise, 2 usage\n"
  "error.\n";

int cmd_lsp(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      fputs(usage, stdout);
      return EXIT_OK;
    }
    /* Some clients pass these; the only transport is standard I/O, and the
     * server ends with its input whatever the client's process does. */
    if (strcmp(argv[i], "--stdio") == 0 || strncmp(argv[i], "--clientProcessId=", 18) == 0)
      continue;
    fprintf(stderr, "archc: lsp: unknown option '%s'\nTry 'archc lsp --help'.\n", argv[i]);
    return EXIT_USAGE;
  }
  /* A client that goes away must end the server with a write error, not a
   * signal. */
  signal(SIGPIPE, SIG_IGN);
  return lsp_serve(stdin, stdout, stderr);
}
