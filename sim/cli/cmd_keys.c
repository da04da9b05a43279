/* cmd_keys.c - `dcbuildout keys [--format markdown|dict]`: print the scenario key reference
 * generated from the key table (schema.h).
 *
 * markdown (the default) is the table of the README's key reference, between the lines
 * "<!-- keys:begin -->" and "<!-- keys:end -->"; dict is the libFuzzer dictionary
 * tests/fuzz/scenario.dict.  `sh tests/tools/update-keys.sh BINARY` writes both into the tree
 * (the table between the README's markers), and tests/e2e_keys.sh fails when the checked-in
 * copies differ from this output.  Nothing here reads a file or loads the engine: the output
 * depends on the binary only.
 */
#include "cli.h"
#include "error.h"
#include "schema.h"
#include <stdio.h>
#include <string.h>

int dcb_cmd_keys(int argc, char **argv, const DcbCli *cli)
{
  (void)cli;
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {{"format", 0, 0, G_OPTION_ARG_STRING, &format,
                             "markdown (the README's key table, default) or dict (the fuzz "
                             "dictionary)",
                             "markdown|dict"},
                            {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
  g_option_context_set_summary(
      ctx, "Print the scenario key reference generated from the key table: every group and key\n"
           "with its type, default, range or allowed words and a one-line doc, as the README's\n"
           "Markdown table or as the libFuzzer dictionary of tests/fuzz/scenario.dict.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    int status = dcb_cli_usage("keys", "%s", error->message);
    g_error_free(error);
    return status;
  }
  if (argc > 1)
    return dcb_cli_usage("keys", "unexpected argument '%s'", argv[1]);
  g_autofree char *text = NULL;
  if (format == NULL || strcmp(format, "markdown") == 0)
    text = dcb_schema_markdown();
  else if (strcmp(format, "dict") == 0)
    text = dcb_schema_dict();
  else
    return dcb_cli_usage("keys", "--format %s: expected markdown or dict", format);
  fputs(text, stdout);
  return fflush(stdout) == 0 ? DCB_EXIT_OK : DCB_EXIT_RUNTIME;
}
