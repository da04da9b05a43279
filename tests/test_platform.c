/* test_platform.c - CUnit suite of platform.c: reading tests/data/tiny.xml (values known by
 * hand from the file), ordering of sites and halls, the hall allocation rule
 * (dcb_platform_take_halls) and every validation rule, each with the line and element it must
 * name.  Small platforms are written to a temporary directory.
 */
#include "error.h"
#include "platform.h"
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char *tmp_dir;

static char *write_tmp(const char *name, const char *text)
{
  char *path = g_build_filename(tmp_dir, name, NULL);
  g_assert(g_file_set_contents(path, text, -1, NULL));
  return path;
}

/* The DOCTYPE shares line 1 with the declaration, so line numbers below count from there. */
#define HEAD                                                                                       \
  "<?xml version='1.0'?><!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"          \
  "<platform version=\"4.1\">\n"
#define CTRL                                                                                       \
  "<zone id='control' routing='Full'><host id='ctrl' speed='1f'>"                                  \
  "<prop id='wattage_per_state' value='0:0'/></host></zone>\n"
#define HALL(id, w)                                                                                \
  "<host id='" id "' speed='1f'><prop id='wattage_per_state' value='" w "'/></host>\n"

/* Load a platform text; returns it or NULL with the error message in *msg. */
static DcbPlatform *load_text(const char *text, char **msg)
{
  g_autofree char *path = write_tmp("p.xml", text);
  GError *error = NULL;
  DcbPlatform *pf = dcb_platform_load(path, &error);
  if (pf == NULL) {
    CU_ASSERT_PTR_NOT_NULL_FATAL(error);
    CU_ASSERT_EQUAL(error->domain, DCB_ERROR);
    CU_ASSERT_EQUAL(error->code, DCB_ERROR_INPUT);
    CU_ASSERT_PTR_NULL(strchr(error->message, '\n')); /* one line */
    *msg = g_strdup(error->message);
    g_error_free(error);
  } else {
    *msg = NULL;
  }
  return pf;
}

/* The text must fail with a message containing each of the substrings. */
static void expect_error(const char *text, const char *sub1, const char *sub2)
{
  g_autofree char *msg = NULL;
  DcbPlatform *pf = load_text(text, &msg);
  CU_ASSERT_PTR_NULL(pf);
  dcb_platform_free(pf);
  if (msg == NULL)
    return;
  gboolean ok = strstr(msg, sub1) != NULL && (sub2 == NULL || strstr(msg, sub2) != NULL);
  if (!ok)
    fprintf(stderr, "\nunexpected message: %s (wanted '%s' and '%s')\n", msg, sub1,
            sub2 ? sub2 : "");
  CU_ASSERT(ok);
  CU_ASSERT(strstr(msg, "p.xml:") != NULL);
}

static void test_platform_tiny(void)
{
  GError *error = NULL;
  g_autoptr(DcbPlatform) pf = dcb_platform_load(DCB_TEST_DATA "/data/tiny.xml", &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
  CU_ASSERT_EQUAL(pf->n_sites, 2);
  CU_ASSERT_EQUAL(pf->n_halls, 8);
  CU_ASSERT_STRING_EQUAL(pf->control_host, "ctrl");
  const DcbSite *a = &pf->sites[0], *b = &pf->sites[1];
  CU_ASSERT_STRING_EQUAL(a->name, "alpha");
  CU_ASSERT_STRING_EQUAL(a->substation, "north");
  CU_ASSERT_STRING_EQUAL(a->town, "Alphaville");
  CU_ASSERT_TRUE(a->fast_track);
  CU_ASSERT_FALSE(a->turnkey);
  CU_ASSERT(isnan(a->lat) && isnan(a->lon));
  CU_ASSERT_EQUAL(a->first_hall, 0);
  CU_ASSERT_EQUAL(a->n_halls, 4);
  CU_ASSERT_DOUBLE_EQUAL(a->capacity_mw, 200.0, 1e-9);
  CU_ASSERT_STRING_EQUAL(b->name, "beta");
  CU_ASSERT_STRING_EQUAL(b->substation, "south");
  CU_ASSERT_PTR_NULL(b->town);
  CU_ASSERT_TRUE(b->turnkey);
  CU_ASSERT_FALSE(b->fast_track);
  CU_ASSERT_EQUAL(b->first_hall, 4);
  CU_ASSERT_EQUAL(b->n_halls, 4);
  CU_ASSERT_DOUBLE_EQUAL(b->capacity_mw, 200.0, 1e-9);
  CU_ASSERT_STRING_EQUAL(pf->halls[0].name, "alpha-h01");
  CU_ASSERT_STRING_EQUAL(pf->halls[3].name, "alpha-h04");
  CU_ASSERT_STRING_EQUAL(pf->halls[4].name, "beta-h01");
  CU_ASSERT_EQUAL(pf->halls[5].site, 1);
  CU_ASSERT_DOUBLE_EQUAL(pf->halls[2].idle_w, 10e6, 1e-3);
  CU_ASSERT_DOUBLE_EQUAL(pf->halls[2].epsilon_w, 10e6, 1e-3);
  CU_ASSERT_DOUBLE_EQUAL(pf->halls[2].peak_w, 50e6, 1e-3);
  CU_ASSERT_DOUBLE_EQUAL(pf->halls[2].speed_f, 50e6, 1e-3);
  CU_ASSERT_EQUAL(pf->halls[2].cores, 1);
  CU_ASSERT_EQUAL(dcb_platform_site_index(pf, "alpha"), 0);
  CU_ASSERT_EQUAL(dcb_platform_site_index(pf, "beta"), 1);
  CU_ASSERT_EQUAL(dcb_platform_site_index(pf, "gamma"), -1);
  CU_ASSERT_EQUAL(dcb_platform_site_index(pf, ""), -1);
}

/* Sites by zone id, halls by host id (strcmp: "z-h10" < "z-h2"), whatever the file order;
 * properties, units, cores, the 2-value wattage form, non-site zones inside a site (a zone holds
 * either hosts or sub-zones, as SimGrid requires). */
static void test_platform_order_and_values(void)
{
  const char *text =
      HEAD "<zone id='root' routing='Full'>\n"
           "<zone id='zeta' routing='None'><prop id='substation' value='s2'/>\n"
           "<prop id='lat' value='50.17'/><prop id='lon' value='3.23'/>\n"
           "<prop id='turnkey' value='false'/><prop id='fast_track' value='true'/>\n"
           "<zone id='zeta-a' routing='None'>"
           "<host id='z-h2' speed='2Gf' core='4'><prop id='wattage_per_state' "
           "value='1e6:30e6'/><prop id='wattage_off' value='0'/></host>\n" HALL(
               "z-h1",
               "0:0:10e6") "</zone>\n"
                           "<zone id='zeta-inner' routing='None'>" HALL(
                               "z-h10",
                               "1e6:2e6:20e6") "</zone></zone>\n"
                                               "<zone id='alpha' routing='None'><prop "
                                               "id='substation' value='s1'/>" HALL(
                                                   "a-h1",
                                                   "1:2:3") "</zone>\n"
                                                            "<zone id='ctl' routing='Full'><host "
                                                            "id='zz' speed='1kf'/><host id='c2' "
                                                            "speed='1Mf'/>"
                                                            "</zone>\n"
                                                            "</zone></platform>\n";
  g_autofree char *msg = NULL;
  g_autoptr(DcbPlatform) pf = load_text(text, &msg);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
  CU_ASSERT_EQUAL(pf->n_sites, 2);
  CU_ASSERT_STRING_EQUAL(pf->sites[0].name, "alpha");
  CU_ASSERT_STRING_EQUAL(pf->sites[1].name, "zeta");
  CU_ASSERT_EQUAL(pf->sites[1].first_hall, 1);
  CU_ASSERT_EQUAL(pf->sites[1].n_halls, 3);
  CU_ASSERT_STRING_EQUAL(pf->halls[1].name, "z-h1");
  CU_ASSERT_STRING_EQUAL(pf->halls[2].name, "z-h10");
  CU_ASSERT_STRING_EQUAL(pf->halls[3].name, "z-h2");
  CU_ASSERT_DOUBLE_EQUAL(pf->sites[1].capacity_mw, 10 + 20 + 30, 1e-9);
  CU_ASSERT_DOUBLE_EQUAL(pf->sites[0].capacity_mw, 3e-6, 1e-15);
  /* "1e6:30e6": epsilon = idle */
  CU_ASSERT_DOUBLE_EQUAL(pf->halls[3].idle_w, 1e6, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(pf->halls[3].epsilon_w, 1e6, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(pf->halls[3].peak_w, 30e6, 1e-6);
  CU_ASSERT_DOUBLE_EQUAL(pf->halls[3].speed_f, 2e9, 1e-3);
  CU_ASSERT_EQUAL(pf->halls[3].cores, 4);
  CU_ASSERT_DOUBLE_EQUAL(pf->sites[1].lat, 50.17, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(pf->sites[1].lon, 3.23, 1e-12);
  CU_ASSERT_TRUE(pf->sites[1].fast_track);
  CU_ASSERT_FALSE(pf->sites[1].turnkey);
  /* hosts outside the sites: c2 < zz */
  CU_ASSERT_STRING_EQUAL(pf->control_host, "c2");
  for (int h = 0; h < pf->n_halls; h++)
    CU_ASSERT_EQUAL(pf->halls[h].site, h == 0 ? 0 : 1);
}

static void test_platform_take_halls(void)
{
  g_autoptr(DcbPlatform) pf = dcb_platform_load(DCB_TEST_DATA "/data/tiny.xml", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
  gboolean used[8] = {FALSE};
  int out[4];
  gboolean covered = FALSE;
  /* 100 MW from 50 MW halls: exactly 2 */
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 0, used, 100, out, &covered), 2);
  CU_ASSERT_TRUE(covered);
  CU_ASSERT_EQUAL(out[0], 0);
  CU_ASSERT_EQUAL(out[1], 1);
  CU_ASSERT(used[0] && used[1] && !used[2]);
  /* 60 MW: one hall is not enough, two are (100 MW) */
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 1, used, 60, out, &covered), 2);
  CU_ASSERT_TRUE(covered);
  CU_ASSERT_EQUAL(out[0], 4);
  CU_ASSERT_EQUAL(out[1], 5);
  /* 0 MW takes nothing and is covered */
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 0, used, 0, out, &covered), 0);
  CU_ASSERT_TRUE(covered);
  /* 120 MW at alpha: only halls 2 and 3 remain (100 MW): taken, not covered */
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 0, used, 120, out, &covered), 2);
  CU_ASSERT_FALSE(covered);
  CU_ASSERT_EQUAL(out[0], 2);
  CU_ASSERT_EQUAL(out[1], 3);
  /* alpha is full */
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 0, used, 10, out, &covered), 0);
  CU_ASSERT_FALSE(covered);
  /* a freed hall in the middle is reused first (index order) */
  used[5] = FALSE;
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 1, used, 50, out, &covered), 1);
  CU_ASSERT_TRUE(covered);
  CU_ASSERT_EQUAL(out[0], 5);
  /* 0.1 + 0.2 style rounding never costs an extra hall: 100.00000000001 MW from 2 halls */
  gboolean used2[8] = {FALSE};
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 1, used2, 100 + 1e-11, out, &covered), 2);
  CU_ASSERT_TRUE(covered);
}

/* Halls of mixed sizes: 10, 20, 30 MW (by name a, b, c) */
static void test_platform_take_halls_mixed(void)
{
  const char *text =
      HEAD "<zone id='r' routing='Full'>" CTRL
           "<zone id='s' routing='None'><prop id='substation' value='x'/>" HALL("s-c", "0:30e6")
               HALL("s-a", "0:10e6") HALL("s-b", "0:20e6") "</zone></zone></platform>";
  g_autofree char *msg = NULL;
  g_autoptr(DcbPlatform) pf = load_text(text, &msg);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
  gboolean used[3] = {FALSE};
  int out[3];
  gboolean covered;
  /* 25 MW: a (10) + b (20) = 30 >= 25 */
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 0, used, 25, out, &covered), 2);
  CU_ASSERT_TRUE(covered);
  /* 40 MW: only c (30) left */
  CU_ASSERT_EQUAL(dcb_platform_take_halls(pf, 0, used, 40, out, &covered), 1);
  CU_ASSERT_FALSE(covered);
  CU_ASSERT_EQUAL(out[0], 2);
  CU_ASSERT_DOUBLE_EQUAL(pf->sites[0].capacity_mw, 60, 1e-9);
}

#define SITE_OPEN                                                                                  \
  "<zone id='r' routing='Full'>" CTRL                                                              \
  "<zone id='s' routing='None'><prop id='substation' value='x'/>\n"
#define SITE_CLOSE "</zone></zone></platform>\n"

static void test_platform_wattage_rules(void)
{
  expect_error(HEAD SITE_OPEN HALL("s-h1", "20e6:10e6:50e6") SITE_CLOSE,
               "p.xml:5: <host id='s-h1'>: wattage_per_state: idle must not exceed epsilon", NULL);
  expect_error(HEAD SITE_OPEN HALL("s-h1", "1:60e6:50e6") SITE_CLOSE,
               "epsilon must not exceed peak", "<host id='s-h1'>");
  expect_error(HEAD SITE_OPEN HALL("s-h1", "0:0:0") SITE_CLOSE, "peak must be > 0", NULL);
  expect_error(HEAD SITE_OPEN HALL("s-h1", "-1:0:5") SITE_CLOSE, "idle must be >= 0", NULL);
  expect_error(HEAD SITE_OPEN HALL("s-h1", "1:2:3, 1:2:3") SITE_CLOSE, "exactly one pstate",
               "wattage_per_state");
  expect_error(HEAD SITE_OPEN HALL("s-h1", "1:2:3:4") SITE_CLOSE, "expected 'idle:epsilon:peak'",
               NULL);
  expect_error(HEAD SITE_OPEN HALL("s-h1", "ten:20:30") SITE_CLOSE, "got 'ten:20:30'", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='1f'/>" SITE_CLOSE,
               "<host id='s-h1'>: missing property wattage_per_state", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='1f'><prop id='wattage_per_state' "
                              "value='0:1'/>\n<prop id='wattage_off' value='5'/></host>" SITE_CLOSE,
               "p.xml:6: <host id='s-h1'>: wattage_off: must be 0 or absent", NULL);
}

static void test_platform_speed_rules(void)
{
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='1f,2f'><prop id='wattage_per_state' "
                              "value='0:1'/></host>" SITE_CLOSE,
               "speed: a hall must have exactly one pstate", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='100'><prop id='wattage_per_state' "
                              "value='0:1'/></host>" SITE_CLOSE,
               "speed: missing unit", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='1Xf'><prop id='wattage_per_state' "
                              "value='0:1'/></host>" SITE_CLOSE,
               "speed: unknown unit", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='0Gf'><prop id='wattage_per_state' "
                              "value='0:1'/></host>" SITE_CLOSE,
               "speed: must be > 0", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1'><prop id='wattage_per_state' "
                              "value='0:1'/></host>" SITE_CLOSE,
               "<host id='s-h1'>: missing 'speed'", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='1f' core='0'><prop "
                              "id='wattage_per_state' value='0:1'/></host>" SITE_CLOSE,
               "core: must be an integer >= 1", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='1f' core='2.5'><prop "
                              "id='wattage_per_state' value='0:1'/></host>" SITE_CLOSE,
               "core: must be an integer >= 1", NULL);
  expect_error(HEAD SITE_OPEN "<host id='s-h1' speed='1f' pstate='1'><prop "
                              "id='wattage_per_state' value='0:1'/></host>" SITE_CLOSE,
               "pstate: must be 0", NULL);
}

static void test_platform_structure_rules(void)
{
  /* duplicate host ids, even in different zones */
  expect_error(HEAD SITE_OPEN HALL("s-h1", "0:1") "</zone>\n<zone id='t' routing='None'>"
                                                  "<prop id='substation' value='x'/>\n" HALL(
                                                      "s-h1", "0:1") SITE_CLOSE,
               "p.xml:8: <host id='s-h1'>: duplicate host id (first on line 5)", NULL);
  /* duplicate zone ids */
  expect_error(HEAD SITE_OPEN HALL("s-h1", "0:1") "</zone>\n<zone id='s' routing='None'>"
                                                  "<prop id='substation' value='x'/>" HALL(
                                                      "s-h2", "0:1") SITE_CLOSE,
               "<zone id='s'>: duplicate zone id", NULL);
  /* a site inside a site */
  expect_error(
      HEAD SITE_OPEN "<zone id='s-halls' routing='None'>" HALL(
          "s-h1", "0:1") "</zone>"
                         "<zone id='inner' routing='None'><prop id='substation' value='y'/>" HALL(
                             "i-h1", "0:1") "</zone>" SITE_CLOSE,
      "<zone id='inner'>: a site zone cannot be nested in another site ('s')", NULL);
  /* a site without halls */
  expect_error(HEAD "<zone id='r' routing='Full'>" CTRL "\n<zone id='empty' routing='None'>"
                    "<prop id='substation' value='x'/></zone></zone></platform>",
               "p.xml:5: <zone id='empty'>: a site must hold at least one hall", NULL);
  /* no control host */
  expect_error(HEAD "<zone id='r' routing='Full'><zone id='s' routing='None'>"
                    "<prop id='substation' value='x'/>" HALL("s-h1", "0:1") SITE_CLOSE,
               "p.xml:2: <platform>: no host outside the sites", NULL);
  /* bad site properties */
  expect_error(HEAD "<zone id='r' routing='Full'>" CTRL "<zone id='s' routing='None'>"
                    "<prop id='substation' value='x'/>\n<prop id='turnkey' value='yes'/>" HALL(
                        "s-h1", "0:1") SITE_CLOSE,
               "p.xml:5: <zone id='s'>: turnkey: expected true or false (got 'yes')", NULL);
  expect_error(HEAD
               "<zone id='r' routing='Full'>" CTRL "<zone id='s' routing='None'>"
               "<prop id='substation' value='x'/><prop id='lat' value='95'/>" HALL("s-h1", "0:1")
                   SITE_CLOSE,
               "lat: expected degrees", NULL);
  expect_error(HEAD "<zone id='r' routing='Full'>" CTRL "<zone id='s' routing='None'>"
                    "<prop id='substation' value=' '/>" HALL("s-h1", "0:1") SITE_CLOSE,
               "substation: must not be empty", NULL);
  /* root element and version */
  expect_error("<?xml version='1.0'?>\n<platfrom version='4.1'></platfrom>",
               "p.xml:2: <platfrom>: the root element must be <platform", NULL);
  expect_error("<?xml version='1.0'?><!DOCTYPE platform>\n<platform version='3'></platform>",
               "<platform>: version must be 4.1 (got '3')", NULL);
  expect_error("<?xml version='1.0'?>\n", "no <platform> element", NULL);
  expect_error("<?xml version='1.0'?>\n<!-- a comment -->\n<platform version='4.1'></platform>",
               "p.xml:3: <platform>: missing <!DOCTYPE platform SYSTEM", NULL);
  expect_error(HEAD "<zone routing='Full'>" CTRL SITE_CLOSE, "<zone>: missing 'id'", NULL);
  expect_error(HEAD "<zone id='r' routing='Fast'>" CTRL SITE_CLOSE,
               "p.xml:3: <zone id='r'>: routing: expected Full, None", NULL);
}

static void test_platform_syntax_errors(void)
{
  /* GMarkup syntax errors keep their line and lose GMarkup's own prefix */
  expect_error(HEAD "<zone id='r' routing='Full'>\n<host id='a' speed='1f'>\n</zone></platform>",
               "p.xml:5: malformed XML:", NULL);
  expect_error(HEAD "<zone id='r routing='Full'>\n", "malformed XML:", NULL);
  g_autofree char *msg = NULL;
  DcbPlatform *pf = load_text(HEAD "<zone id='r' <", &msg);
  CU_ASSERT_PTR_NULL(pf);
  CU_ASSERT(msg != NULL && strstr(msg, "Error on line") == NULL);
  /* a missing file */
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(dcb_platform_load("/nonexistent/x.xml", &error));
  CU_ASSERT(error != NULL && error->code == DCB_ERROR_INPUT &&
            strstr(error->message, "/nonexistent/x.xml: cannot read the platform") != NULL);
  g_clear_error(&error);
  dcb_platform_free(NULL);
}

/* The whitelist that keeps SimGrid from aborting (each case below made SimGrid 3.32 abort, or
 * is refused by its DTD, when loaded with simgrid_load_platform). */
static void test_platform_whitelist_rules(void)
{
#define CTRL_WITH(extra)                                                                           \
  "<zone id='r' routing='Full'><zone id='control' routing='Full'>" extra "</zone>\n"
#define GOOD_SITE                                                                                  \
  "<zone id='s' routing='None'><prop id='substation' value='x'/>" HALL("s-h1", "0:1") "</zone>"
#define CTRL_HOST "<host id='ctrl' speed='1f'/>"
  /* the minimal valid platform of this test loads */
  g_autofree char *msg = NULL;
  g_autoptr(DcbPlatform) pf =
      load_text(HEAD CTRL_WITH(CTRL_HOST) GOOD_SITE "</zone></platform>\n", &msg);
  CU_ASSERT_PTR_NOT_NULL(pf);
  /* unknown attribute, unknown element, duplicate attribute */
  expect_error(HEAD CTRL_WITH("<host id='ctrl' speed='1f' colour='red'/>") GOOD_SITE
               "</zone></platform>\n",
               "p.xml:3: <host id='ctrl'>: unknown attribute 'colour' (allowed: id, speed, core, "
               "pstate)",
               NULL);
  expect_error(HEAD CTRL_WITH(CTRL_HOST "<gizmo/>") GOOD_SITE "</zone></platform>\n",
               "p.xml:3: <gizmo>: unknown or unsupported element", NULL);
  expect_error(HEAD CTRL_WITH("<host id='ctrl' speed='1f' speed='2f'/>") GOOD_SITE
               "</zone></platform>\n",
               "p.xml:3: <host id='ctrl'>: duplicate attribute 'speed'", NULL);
  /* links and routes (misplaced or not) are not supported */
  expect_error(HEAD CTRL_WITH("<host id='ctrl' speed='1f'><link id='l' bandwidth='1GBps'/></host>")
                   GOOD_SITE "</zone></platform>\n",
               "<link id='l'>: unknown or unsupported element", NULL);
  expect_error(HEAD CTRL_WITH("<route src='ctrl' dst='ctrl'/>" CTRL_HOST) GOOD_SITE
               "</zone></platform>\n",
               "<route>: unknown or unsupported element", NULL);
  /* misplaced whitelisted elements */
  expect_error(HEAD CTRL_HOST "</platform>\n",
               "p.xml:3: <host id='ctrl'>: not allowed inside <platform> (only inside <zone>)",
               NULL);
  expect_error(HEAD CTRL_WITH("<host id='ctrl' speed='1f'><zone id='z' routing='Full'/></host>")
                   GOOD_SITE "</zone></platform>\n",
               "<zone id='z'>: not allowed inside <host>", NULL);
  expect_error(HEAD "<prop id='a' value='b'/></platform>\n",
               "<prop id='a'>: not allowed inside <platform>", NULL);
  expect_error(HEAD CTRL_WITH(CTRL_HOST "<prop id='a' value='b'/>") GOOD_SITE
               "</zone></platform>\n",
               "<prop id='a'>: a zone's <prop>s must come before", NULL);
  expect_error(HEAD CTRL_WITH(CTRL_HOST "<zone id='z' routing='Full'/>") GOOD_SITE
               "</zone></platform>\n",
               "<zone id='z'>: a zone holds either hosts or sub-zones, not both", NULL);
  expect_error(HEAD CTRL_WITH(CTRL_HOST) GOOD_SITE "</zone>\n<zone id='r2' routing='Full'>"
                                                   "<host id='c2' speed='1f'/></zone></platform>\n",
               "p.xml:6: <zone id='r2'>: a platform holds exactly one top-level <zone>", NULL);
  expect_error(HEAD CTRL_WITH(CTRL_HOST) "<zone id='s'>" HALL("s-h1", "0:1") "</zone>"
                                                                             "</zone></platform>\n",
               "<zone id='s'>: missing 'routing'", NULL);
  /* text, CDATA, processing instructions */
  expect_error(HEAD CTRL_WITH("<host id='ctrl' speed='1f'>hello</host>") GOOD_SITE
               "</zone></platform>\n",
               "p.xml:3: <host id='ctrl'>: text content is not allowed", NULL);
  expect_error(HEAD CTRL_WITH("<host id='ctrl' speed='1f'><![CDATA[x]]></host>") GOOD_SITE
               "</zone></platform>\n",
               "<host id='ctrl'>: a CDATA section is not allowed", NULL);
  expect_error(HEAD CTRL_WITH(CTRL_HOST "<?pi x?>") GOOD_SITE "</zone></platform>\n",
               "<zone id='control'>: a processing instruction is not allowed", NULL);
  /* nesting: 47 zones deep loads (platform + 47 zones + host + prop = 50 levels), 48 does not */
  for (int depth = 47; depth <= 48; depth++) {
    GString *t = g_string_new(HEAD);
    for (int i = 0; i < depth - 1; i++)
      g_string_append_printf(t, "<zone id='d%d' routing='Full'>", i);
    g_string_append(t, "<zone id='s' routing='None'><prop id='substation' value='x'/>" HALL(
                           "s-h1", "0:1") "</zone>");
    for (int i = 0; i < depth - 1; i++)
      g_string_append(t, "</zone>");
    g_string_append(t, "</platform>\n");
    g_autofree char *m = NULL;
    DcbPlatform *deep = load_text(t->str, &m);
    if (depth == 47) {
      /* no control host, but the depth itself is accepted */
      CU_ASSERT(m != NULL && strstr(m, "no host outside the sites") != NULL);
    } else {
      CU_ASSERT(m != NULL && strstr(m, "<prop id='wattage_per_state'>: elements nested deeper "
                                       "than 50 levels") != NULL);
    }
    dcb_platform_free(deep);
    g_string_free(t, TRUE);
  }
  /* 600 nested zones (SimGrid's lexer corrupts its heap): refused at the first level too deep */
  GString *t = g_string_new(HEAD);
  for (int i = 0; i < 600; i++)
    g_string_append_printf(t, "<zone id='d%d' routing='Full'>", i);
  g_autofree char *m = NULL;
  DcbPlatform *deep = load_text(t->str, &m);
  CU_ASSERT(deep == NULL && m != NULL &&
            strstr(m, "<zone id='d49'>: elements nested deeper") != NULL);
  g_string_free(t, TRUE);
#undef CTRL_WITH
#undef GOOD_SITE
#undef CTRL_HOST
}

/* Review fixes: duplicate properties, version "4.10", content after the root, non-regular
 * files. */
static void test_platform_review_rules(void)
{
  expect_error(HEAD "<zone id='r' routing='Full'>" CTRL "<zone id='s' routing='None'>"
                    "<prop id='substation' value='x'/>\n<prop id='substation' value='y'/>" HALL(
                        "s-h1", "0:1") SITE_CLOSE,
               "p.xml:5: <zone id='s'>: duplicate property 'substation' (first on line 4)", NULL);
  expect_error(HEAD "<zone id='r' routing='Full'>" CTRL "<zone id='s' routing='None'>"
                    "<prop id='substation' value='x'/>"
                    "<host id='s-h1' speed='1f'><prop id='wattage_per_state' value='0:1'/>"
                    "<prop id='wattage_per_state' value='0:2'/></host>" SITE_CLOSE,
               "<host id='s-h1'>: duplicate property 'wattage_per_state'", NULL);
  expect_error("<?xml version='1.0'?><!DOCTYPE platform>\n<platform version='4.10'></platform>",
               "p.xml:2: <platform>: version must be 4.1 (got '4.10')", NULL);
  expect_error(HEAD
               "<zone id='r' routing='Full'>" CTRL "<zone id='s' routing='None'>"
               "<prop id='substation' value='x'/>" HALL("s-h1", "0:1") "</zone></zone>"
                                                                       "</platform>\n<platform/>\n",
               "p.xml:6: <platform>: content after the root element", NULL);
  expect_error(HEAD "<zone id='r' routing='Full'>" CTRL "<zone id='s' routing='None'>"
                    "<prop id='substation' value='x'/>" HALL("s-h1", "0:1") "</zone></zone>"
                                                                            "</platform>\njunk\n",
               "content after the root element", NULL);
  const char *specials[] = {"/dev/zero", "/dev/null", tmp_dir};
  for (size_t i = 0; i < G_N_ELEMENTS(specials); i++) {
    GError *error = NULL;
    CU_ASSERT_PTR_NULL(dcb_platform_load(specials[i], &error));
    CU_ASSERT(error != NULL && error->code == DCB_ERROR_INPUT &&
              g_str_has_suffix(error->message, ": cannot read the platform: not a regular file"));
    g_clear_error(&error);
  }
}

/* Rule 26: the site property heat_network (true|false, absent = false); another word is refused
 * naming the file, line and zone. */
static void test_platform_heat_network(void)
{
  g_autofree char *msg = NULL;
  g_autoptr(DcbPlatform) pf = load_text(
      HEAD
      "<zone id='r' routing='Full'>" CTRL "<zone id='a' routing='None'>"
      "<prop id='substation' value='x'/><prop id='heat_network' value='true'/>" HALL(
          "a-h1", "0:1") "</zone>\n<zone id='b' routing='None'>"
                         "<prop id='substation' value='x'/>" HALL(
                             "b-h1",
                             "0:1") "</zone>\n"
                                    "<zone id='c' routing='None'><prop id='substation' value='x'/>"
                                    "<prop id='heat_network' value='false'/>" HALL("c-h1", "0:1")
                                        SITE_CLOSE,
      &msg);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
  CU_ASSERT_EQUAL_FATAL(pf->n_sites, 3);
  CU_ASSERT_TRUE(pf->sites[0].heat_network);
  CU_ASSERT_FALSE(pf->sites[1].heat_network);
  CU_ASSERT_FALSE(pf->sites[2].heat_network);
  expect_error(HEAD "<zone id='r' routing='Full'>" CTRL "<zone id='s' routing='None'>"
                    "<prop id='substation' value='x'/>\n<prop id='heat_network' value='1'/>" HALL(
                        "s-h1", "0:1") SITE_CLOSE,
               "p.xml:5: <zone id='s'>: heat_network: expected true or false (got '1')", NULL);
}

int main(void)
{
  tmp_dir = g_dir_make_tmp("dcb-test-platform-XXXXXX", NULL);
  g_assert(tmp_dir != NULL);
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 1;
  CU_pSuite suite = CU_add_suite("platform", NULL, NULL);
  CU_add_test(suite, "tiny", test_platform_tiny);
  CU_add_test(suite, "order_and_values", test_platform_order_and_values);
  CU_add_test(suite, "take_halls", test_platform_take_halls);
  CU_add_test(suite, "take_halls_mixed", test_platform_take_halls_mixed);
  CU_add_test(suite, "wattage_rules", test_platform_wattage_rules);
  CU_add_test(suite, "speed_rules", test_platform_speed_rules);
  CU_add_test(suite, "structure_rules", test_platform_structure_rules);
  CU_add_test(suite, "syntax_errors", test_platform_syntax_errors);
  CU_add_test(suite, "whitelist_rules", test_platform_whitelist_rules);
  CU_add_test(suite, "review_rules", test_platform_review_rules);
  CU_add_test(suite, "heat_network", test_platform_heat_network);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  int failures = (int)CU_get_number_of_failures();
  CU_cleanup_registry();
  g_autofree char *p = g_build_filename(tmp_dir, "p.xml", NULL);
  g_unlink(p);
  g_rmdir(tmp_dir);
  g_free(tmp_dir);
  return failures != 0;
}
