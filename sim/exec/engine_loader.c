/* engine_loader.c - loading the SimGrid engine module at run time, and checking a platform in
 * SimGrid from a forked child (see engine.h).
 *
 * The module is searched as $DCB_ENGINE (a file), then libdcbuildout-engine.so next to the
 * executable (the build tree), then in the install directory.  Loading it brings in libsimgrid
 * (~45 ms of dynamic linking), which is why only simulating commands do it.
 */
#include "engine_loader.h"
#include "error.h"
#include <errno.h>
#include <gmodule.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define DCB_ENGINE_FILE "libdcbuildout-engine.so"

static char *exe_dir(void)
{
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  return exe ? g_path_get_dirname(exe) : NULL;
}

const DcbEngine *dcb_engine_load(GError **error)
{
  static const DcbEngine *engine = NULL;
  if (engine != NULL)
    return engine;

  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func(g_free);
  const char *env = g_getenv("DCB_ENGINE");
  if (env != NULL && *env != '\0')
    g_ptr_array_add(candidates, g_strdup(env));
  else {
    g_autofree char *dir = exe_dir();
    if (dir != NULL) {
      g_ptr_array_add(candidates, g_build_filename(dir, DCB_ENGINE_FILE, NULL));
      /* installed under any prefix: bin/../lib/dcbuildout */
      g_ptr_array_add(candidates, g_build_filename(dir, DCB_ENGINE_REL_DIR, DCB_ENGINE_FILE, NULL));
    }
    g_ptr_array_add(candidates, g_build_filename(DCB_ENGINE_INSTALL_DIR, DCB_ENGINE_FILE, NULL));
  }
  g_autoptr(GString) tried = g_string_new(NULL);
  for (guint i = 0; i < candidates->len; i++) {
    const char *path = candidates->pdata[i];
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
      g_string_append_printf(tried, "%s'%s' (absent)", tried->len ? ", " : "", path);
      continue;
    }
    GModule *mod = g_module_open(path, G_MODULE_BIND_LOCAL);
    if (mod == NULL) {
      g_string_append_printf(tried, "%s'%s' (%s)", tried->len ? ", " : "", path, g_module_error());
      continue;
    }
    const DcbEngine *(*get)(void) = NULL;
    if (!g_module_symbol(mod, "dcb_engine_get", (gpointer *)&get) || get == NULL) {
      g_string_append_printf(tried, "%s'%s' (no dcb_engine_get)", tried->len ? ", " : "", path);
      g_module_close(mod);
      continue;
    }
    g_module_make_resident(mod);
    engine = get();
    return engine;
  }
  g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME,
              "cannot load the SimGrid engine module; tried %s (is libsimgrid3.32 installed?)",
              tried->str);
  return NULL;
}

/* SimGrid's reason for refusing a platform or an option: its first ERROR or CRITICAL line that
 * is not about backtraces, else its last meaningful line, without the "[time] [category/LEVEL]"
 * prefix; (transfer full). */
static char *strip_prefix(char *l)
{
  for (int k = 0; k < 2 && *l == '['; k++) {
    char *close = strchr(l, ']');
    if (close == NULL)
      break;
    l = g_strchug(close + 1);
  }
  return g_strdup(l);
}

static char *simgrid_reason(const char *text)
{
  g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
  for (int i = 0; lines[i] != NULL; i++) {
    char *l = g_strstrip(lines[i]);
    if ((strstr(l, "/CRITICAL] ") != NULL || strstr(l, "/ERROR] ") != NULL) &&
        strstr(l, "backtrace") == NULL && strstr(l, "Exiting now") == NULL)
      return strip_prefix(l);
  }
  for (int i = (int)g_strv_length(lines) - 1; i >= 0; i--) {
    char *l = lines[i];
    if (*l == '\0' || g_str_has_prefix(l, "Backtrace") || g_str_has_prefix(l, "->") ||
        strstr(l, "Exiting now") != NULL || strstr(l, "Current backtrace") != NULL)
      continue;
    return strip_prefix(l);
  }
  return g_strdup("");
}

gboolean dcb_engine_ready_to_fork(const DcbEngine *eng, const DcbInputs *in,
                                  const char *const *sg_args, int copies, GError **error)
{
  if (eng->prepare == NULL)
    return TRUE;
  return dcb_engine_check(eng, dcb_inputs_platform(in)->path, sg_args, error) &&
         eng->prepare(in, sg_args, copies, error);
}

gboolean dcb_engine_run_batch(const DcbEngine *eng, const DcbInputs *const *in,
                              const DcbEngineOptions *opt, int n, GError **error)
{
  if (eng->simulate_batch != NULL)
    return eng->simulate_batch(in, opt, n, error);
  g_assert(n == 1); /* dcb_batch_choose gives batches of one to such an engine */
  DcbTrace *tr = eng->simulate(in[0], &opt[0], error);
  if (tr == NULL)
    return FALSE;
  if (opt[0].on_complete != NULL)
    opt[0].on_complete(tr, opt[0].on_complete_user);
  dcb_trace_free(tr);
  return TRUE;
}

gboolean dcb_engine_check_platform(const DcbEngine *eng, const char *path, GError **error)
{
  return dcb_engine_check(eng, path, NULL, error);
}

gboolean dcb_engine_check(const DcbEngine *eng, const char *path, const char *const *sg_args,
                          GError **error)
{
  if (eng->load_platform == NULL) /* an engine without SimGrid (tests) */
    return TRUE;
  int fds[2];
  if (pipe(fds) != 0) {
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "pipe: %s", g_strerror(errno));
    return FALSE;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    g_set_error(error, DCB_ERROR, DCB_ERROR_RUNTIME, "fork: %s", g_strerror(errno));
    return FALSE;
  }
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    close(fds[1]);
    /* The user's SimGrid arguments first, then ours: SimGrid's errors must reach the pipe. */
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    for (const char *const *a = sg_args; a != NULL && *a != NULL; a++)
      g_ptr_array_add(args, (gpointer)*a);
    g_ptr_array_add(args, (gpointer) "--log=root.thres:error");
    g_ptr_array_add(args, (gpointer) "--log=no_loc");
    g_ptr_array_add(args, NULL);
    GError *err = NULL;
    gboolean ok = eng->load_platform(path, (const char *const *)args->pdata, &err);
    if (!ok)
      fprintf(stderr, "%s\n", err ? err->message : "cannot load the platform");
    fflush(stderr);
    _exit(ok ? 0 : 3);
  }
  close(fds[1]);
  GString *out = g_string_new(NULL);
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len(out, buf, n);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_autofree char *msg = simgrid_reason(out->str);
  g_string_free(out, TRUE);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return TRUE;
  const char *why = *msg ? msg : (WIFSIGNALED(status) ? g_strsignal(WTERMSIG(status)) : "failed");
  if (sg_args != NULL && sg_args[0] != NULL)
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT,
                "SimGrid refuses its options (--cfg=/--log=) or the platform '%s': %s", path, why);
  else
    g_set_error(error, DCB_ERROR, DCB_ERROR_INPUT, "%s: SimGrid cannot load the platform: %s", path,
                why);
  return FALSE;
}
