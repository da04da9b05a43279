/* test_outdir.c - output directories replaced as a whole or not at all (sim/core/outdir.c).
 *
 * A commit replaces the previous directory entirely (no stale file survives) and leaves
 * nothing beside it; an abort leaves the previous directory and nothing else, and removes the
 * parents begin created; a second begin on a locked target is refused at once naming the
 * holder's pid, and succeeds once the first is finished; a file, a foreign directory, '.' and
 * a path under a file are refused before anything is written; a symbolic link is followed; a
 * killed writer's temporary directory is removed by the next begin.
 */
#define _DEFAULT_SOURCE /* symlink */
#include "error.h"
#include "outdir.h"
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static GPtrArray *scratches; /* removed at the end */

/* A fresh scratch directory (transfer full). */
static char *scratch(void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp("dcb-test-outdir-XXXXXX", &error);
  g_assert_no_error(error);
  g_ptr_array_add(scratches, g_strdup(dir));
  return dir;
}

static void put(const char *dir, const char *name, const char *text)
{
  g_autofree char *p = g_build_filename(dir, name, NULL);
  g_assert(g_file_set_contents(p, text, -1, NULL));
}

static char *get(const char *dir, const char *name)
{
  g_autofree char *p = g_build_filename(dir, name, NULL);
  char *text = NULL;
  return g_file_get_contents(p, &text, NULL, NULL) ? text : NULL;
}

/* Sort helper: g_ptr_array_sort passes pointers to the elements. */
static int cmp_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in 'dir', sorted, joined by spaces (hidden ones included). (transfer full) */
static char *sorted_listing(const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d == NULL)
    return g_strdup("(none)");
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  g_ptr_array_sort(names, cmp_names);
  g_ptr_array_add(names, NULL);
  return g_strjoinv(" ", (char **)names->pdata);
}

static void test_outdir_commit_replaces_whole(void)
{
  g_autofree char *root = scratch();
  g_autofree char *target = g_build_filename(root, "run", NULL);
  g_assert(g_mkdir(target, 0755) == 0);
  put(target, "run.ini", "old");
  put(target, "quantiles.csv", "old");
  GError *error = NULL;
  DcbOutdir *od = dcb_outdir_begin(target, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(od);
  CU_ASSERT_PTR_NULL(error);
  put(dcb_outdir_path(od), "run.ini", "new");
  put(dcb_outdir_path(od), "yearly.csv", "new");
  CU_ASSERT_TRUE(dcb_outdir_commit(od, &error));
  CU_ASSERT_PTR_NULL(error);
  dcb_outdir_free(od);
  g_autofree char *in = sorted_listing(target);
  CU_ASSERT_STRING_EQUAL(in, "run.ini yearly.csv"); /* no stale quantiles.csv */
  g_autofree char *ini = get(target, "run.ini");
  CU_ASSERT_STRING_EQUAL(ini, "new");
  g_autofree char *beside = sorted_listing(root);
  CU_ASSERT_STRING_EQUAL(beside, "run"); /* no lock file, no temporary directory */

  /* A new target, under parents that do not exist yet. */
  g_autofree char *deep = g_build_filename(root, "a", "b", "run", NULL);
  od = dcb_outdir_begin(deep, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(od);
  put(dcb_outdir_path(od), "run.ini", "deep");
  CU_ASSERT_TRUE(dcb_outdir_commit(od, &error));
  dcb_outdir_free(od);
  g_autofree char *deep_ini = get(deep, "run.ini");
  CU_ASSERT_STRING_EQUAL(deep_ini, "deep");
}

static void test_outdir_abort_keeps_previous(void)
{
  g_autofree char *root = scratch();
  g_autofree char *target = g_build_filename(root, "run", NULL);
  g_assert(g_mkdir(target, 0755) == 0);
  put(target, "run.ini", "old");
  GError *error = NULL;
  DcbOutdir *od = dcb_outdir_begin(target, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(od);
  put(dcb_outdir_path(od), "run.ini", "new");
  g_autofree char *rep = g_build_filename(dcb_outdir_path(od), "rep-0000", NULL);
  g_assert(g_mkdir(rep, 0755) == 0);
  put(rep, "yearly.csv", "new");
  dcb_outdir_free(od); /* neither committed nor aborted: aborts */
  g_autofree char *ini = get(target, "run.ini");
  CU_ASSERT_STRING_EQUAL(ini, "old");
  g_autofree char *beside = sorted_listing(root);
  CU_ASSERT_STRING_EQUAL(beside, "run");

  /* An aborted new target under new parents: the parents go too. */
  g_autofree char *deep = g_build_filename(root, "x", "y", "run", NULL);
  od = dcb_outdir_begin(deep, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(od);
  dcb_outdir_abort(od);
  dcb_outdir_free(od);
  g_autofree char *x = g_build_filename(root, "x", NULL);
  CU_ASSERT_FALSE(g_file_test(x, G_FILE_TEST_EXISTS));
}

static void test_outdir_lock(void)
{
  g_autofree char *root = scratch();
  g_autofree char *target = g_build_filename(root, "run", NULL);
  GError *error = NULL;
  DcbOutdir *first = dcb_outdir_begin(target, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(first);
  DcbOutdir *second = dcb_outdir_begin(target, &error);
  CU_ASSERT_PTR_NULL(second);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_EQUAL(error->code, DCB_ERROR_RUNTIME);
  g_autofree char *pid = g_strdup_printf("(pid %ld)", (long)getpid());
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "is being written by another run"));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, pid));
  g_clear_error(&error);
  put(dcb_outdir_path(first), "run.ini", "first");
  CU_ASSERT_TRUE(dcb_outdir_commit(first, &error));
  dcb_outdir_free(first);
  second = dcb_outdir_begin(target, &error); /* free again */
  CU_ASSERT_PTR_NOT_NULL_FATAL(second);
  dcb_outdir_free(second);
  g_autofree char *ini = get(target, "run.ini");
  CU_ASSERT_STRING_EQUAL(ini, "first");
}

static void refused(const char *target, int code, const char *words)
{
  GError *error = NULL;
  DcbOutdir *od = dcb_outdir_begin(target, &error);
  CU_ASSERT_PTR_NULL(od);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_EQUAL(error->code, code);
  if (strstr(error->message, words) == NULL)
    fprintf(stderr, "\n  expected '%s' in: %s\n", words, error->message);
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, words));
  dcb_outdir_free(od);
  g_error_free(error);
}

static void test_outdir_refusals(void)
{
  g_autofree char *root = scratch();
  g_autofree char *file = g_build_filename(root, "file", NULL);
  put(root, "file", "x");
  refused(file, DCB_ERROR_INPUT, "is not a directory");
  g_autofree char *under = g_build_filename(root, "file", "sub", "run", NULL);
  refused(under, DCB_ERROR_RUNTIME, "cannot create directory");
  g_autofree char *home = g_build_filename(root, "home", NULL);
  g_assert(g_mkdir(home, 0755) == 0);
  put(home, "notes.txt", "mine");
  refused(home, DCB_ERROR_INPUT,
          "is not a run directory (no run.ini or compare.csv, and it holds 'notes.txt')");
  refused(".", DCB_ERROR_INPUT, "name it by its own path");
  g_autofree char *dot = g_build_filename(root, "home", "..", NULL);
  refused(dot, DCB_ERROR_INPUT, "name it by its own path");
  g_autofree char *notes = get(home, "notes.txt");
  CU_ASSERT_STRING_EQUAL(notes, "mine");
  g_autofree char *beside = sorted_listing(root);
  CU_ASSERT_STRING_EQUAL(beside, "file home"); /* no lock file left by a refusal */

  /* Without run.ini but only files a run writes (an older, partial run): replaceable. */
  g_autofree char *partial = g_build_filename(root, "partial", NULL);
  g_assert(g_mkdir(partial, 0755) == 0);
  put(partial, "yearly.csv", "old");
  GError *error = NULL;
  DcbOutdir *od = dcb_outdir_begin(partial, &error);
  CU_ASSERT_PTR_NOT_NULL(od);
  dcb_outdir_free(od);
}

static void test_outdir_symlink_and_leftovers(void)
{
  g_autofree char *root = scratch();
  g_autofree char *real = g_build_filename(root, "real", NULL);
  g_autofree char *link = g_build_filename(root, "link", NULL);
  g_assert(g_mkdir(real, 0755) == 0);
  put(real, "run.ini", "old");
  g_assert(symlink("real", link) == 0);
  /* What a killed writer leaves: a temporary directory with files in it. */
  g_autofree char *stale = g_build_filename(root, ".real.tmp-AbC123", NULL);
  g_assert(g_mkdir(stale, 0755) == 0);
  put(stale, "yearly.csv", "stale");
  GError *error = NULL;
  DcbOutdir *od = dcb_outdir_begin(link, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(od);
  CU_ASSERT_FALSE(g_file_test(stale, G_FILE_TEST_EXISTS));
  put(dcb_outdir_path(od), "run.ini", "new");
  CU_ASSERT_TRUE(dcb_outdir_commit(od, &error));
  dcb_outdir_free(od);
  CU_ASSERT_TRUE(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
  g_autofree char *ini = get(link, "run.ini");
  CU_ASSERT_STRING_EQUAL(ini, "new");
  g_autofree char *beside = sorted_listing(root);
  CU_ASSERT_STRING_EQUAL(beside, "link real");
}

int main(void)
{
  scratches = g_ptr_array_new_with_free_func(g_free);
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite s = CU_add_suite("outdir", NULL, NULL);
  CU_add_test(s, "commit: the whole directory replaced, nothing beside",
              test_outdir_commit_replaces_whole);
  CU_add_test(s, "abort: the previous directory kept, nothing beside",
              test_outdir_abort_keeps_previous);
  CU_add_test(s, "lock: a second writer refused naming the first", test_outdir_lock);
  CU_add_test(s, "refusals: file, foreign directory, '.', under a file", test_outdir_refusals);
  CU_add_test(s, "symbolic link followed, leftovers removed", test_outdir_symlink_and_leftovers);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  for (guint i = 0; i < scratches->len; i++)
    dcb_remove_tree(scratches->pdata[i]);
  g_ptr_array_free(scratches, TRUE);
  return failures != 0;
}
