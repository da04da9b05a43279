/* schema.h - the scenario key table: one row per key of DESIGN §4.2, and the name tables of the
 * word-valued keys.
 *
 * Every key a scenario may hold is one DcbKey row: its group ("grid", or a pattern
 * "project:NAME" for the named groups), its name, its type, what an absent key means (a default
 * written as scenario text, required, off, the value of another key, or derived by the loader),
 * its range or allowed words, and a one-line doc.  The loader (scenario.c) checks the structure
 * of a file against the rows (unknown groups and keys, with "did you mean" hints), takes the
 * defaults of absent keys from them (parsing the text exactly like a value in a file) and checks
 * the generic ranges they state; `dcbuildout keys` renders them as the README's key reference
 * and as the fuzz dictionary, and `check` prints word-valued keys through their name tables.
 * Adding a key is one row here, plus its field and its read in scenario.c when the model uses it.
 *
 * Rows are in the order of the reference (groups in the order of DESIGN §4.2, keys in the order
 * of their group), which is also the order in which "did you mean" prefers equally close names.
 * The table and the name tables are constant; nothing here allocates except the renderers.
 */
#ifndef DCB_SCHEMA_H
#define DCB_SCHEMA_H

#include <glib.h>

typedef enum {
  DCB_KEY_NUMBER,      /* finite number, magnitude <= 1e12 */
  DCB_KEY_INTEGER,     /* int */
  DCB_KEY_SEED,        /* unsigned 64-bit integer */
  DCB_KEY_YEAR,        /* decimal calendar year in [DCB_SCHEMA_YEAR_MIN, DCB_SCHEMA_YEAR_MAX] */
  DCB_KEY_PROBABILITY, /* number in [0, 1] */
  DCB_KEY_DURATION,    /* distribution of a duration in years, >= 0 at every draw */
  DCB_KEY_TRAJECTORY,  /* value@year list or a number */
  DCB_KEY_BOOL,        /* true | false */
  DCB_KEY_STRING,      /* non-empty text */
  DCB_KEY_WORD,        /* one name of the row's name table */
  DCB_KEY_WORD_LIST,   /* comma-separated names of the row's name table, in order, no repeats */
  DCB_KEY_PATH,        /* file path, relative to the scenario */
  DCB_KEY_LIST,        /* comma-separated numbers */
  DCB_KEY_NAME_LIST,   /* comma-separated names of named groups (a corridor's substations) */
  DCB_KEY_YEAR_DIST,   /* decimal year, or a bounded distribution of years (tri, uniform) */
  DCB_KEY_YEAR_SPAN,   /* Y1-Y2, Y1 <= Y2: integer years (whole calendar years) or decimal ones */
} DcbKeyType;

typedef enum {
  DCB_KEY_DEFAULT,  /* absent: 'def', scenario text parsed like a value in a file */
  DCB_KEY_REQUIRED, /* absent: an error ('def' NULL, or a note such as "unless curve") */
  DCB_KEY_OPTIONAL, /* absent: the feature is off, or nothing is recorded ('def' NULL) */
  DCB_KEY_INHERITS, /* absent: the value of the key 'def' ("group.key") */
  DCB_KEY_DERIVED,  /* absent: computed by the loader; 'def' says how */
} DcbKeyNeed;

/* Generic range of a number, an integer or every point of a trajectory, checked by the loader
 * with a message derived from the row; checks that involve other keys stay in the readers. */
enum {
  DCB_RANGE_MIN = 1 << 0,      /* >= lo */
  DCB_RANGE_MIN_OPEN = 1 << 1, /* > lo */
  DCB_RANGE_MAX = 1 << 2,      /* <= hi */
  DCB_RANGE_MAX_OPEN = 1 << 3, /* < hi */
};

#define DCB_SCHEMA_YEAR_MIN 1900
#define DCB_SCHEMA_YEAR_MAX 2300

/* One entry of a name table (name <-> enum value); tables end with {NULL, 0}. */
typedef struct {
  const char *name;
  int value;
} DcbWord;

typedef struct {
  const char *group;      /* "grid", or "project:NAME" for a named group */
  const char *key;        /* "crews" */
  DcbKeyType type;        /* how the value is written */
  DcbKeyNeed need;        /* what an absent key means */
  const char *def;        /* see DcbKeyNeed */
  unsigned range;         /* DCB_RANGE_* flags (0: none beyond the type's own) */
  double lo, hi;          /* bounds of 'range' */
  const char *range_text; /* shown instead of the range derived from the row, or NULL */
  const DcbWord *words;   /* DCB_KEY_WORD, DCB_KEY_WORD_LIST: the allowed names */
  const char *doc;        /* one line, with the unit */
  int rule;               /* DESIGN §2.2 rule that brought the key (15-26); 0: the first layer */
} DcbKey;

/* [grid] policy: DcbPolicy (scenario.h) by name. */
extern const DcbWord dcb_policy_words[];
/* [grid] grant: DcbGrant by name. */
extern const DcbWord dcb_grant_words[];
/* [investor] siting: DcbSiting by name. */
extern const DcbWord dcb_siting_words[];
/* [developer] on_long_wait: DcbWaitAction by name. */
extern const DcbWord dcb_wait_words[];

/* The table, in reference order; *n receives its length. */
const DcbKey *dcb_schema_keys(int *n);
/* The row of 'key' in 'group' (a group name as in a file: "grid", "project:cambrai"), or NULL. */
const DcbKey *dcb_schema_find(const char *group, const char *key);
/* The row pattern that 'group' belongs to ("project:NAME" for "project:x", "grid" for "grid"),
 * or NULL; a named group with an empty name matches its pattern too. */
const char *dcb_schema_group_pattern(const char *group);
/* The distinct group patterns in reference order, NULL-terminated. (transfer container) */
const char **dcb_schema_groups(void);
/* The keys of a group pattern in reference order, NULL-terminated. (transfer container) */
const char **dcb_schema_group_keys(const char *pattern);

/* Name of 'value' in 'words', or NULL. */
const char *dcb_words_name(const DcbWord *words, int value);
/* Value of 'name' in 'words' (exact match); FALSE when it is not there. */
gboolean dcb_words_value(const DcbWord *words, const char *name, int *value);
/* "expected 'a' or 'b'", "expected 'a', 'b' or 'c'". (transfer full) */
char *dcb_words_expected(const DcbWord *words);

/* What a value outside a row's range is told, e.g. "must be > 0", "must be an integer >= 1",
 * "every value must be >= 1"; NULL when the row has no generic range. (transfer full) */
char *dcb_schema_range_message(const DcbKey *row);
/* Whether 'v' is inside the row's generic range. */
gboolean dcb_schema_in_range(const DcbKey *row, double v);

/* The key reference as a Markdown table (group, key, type, default, range/words, doc), and the
 * libFuzzer dictionary of fuzz_scenario (a fixed part, then the groups, keys and words). Both end
 * with a newline. (transfer full) */
char *dcb_schema_markdown(void);
char *dcb_schema_dict(void);

#endif
