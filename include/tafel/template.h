/* Session templates: JSON files in the templates folder, checked field by field. A valid
 * template becomes a normalized cJSON tree (defaults filled in, phases indexed) that a
 * session stores as its own snapshot, so later edits to the file do not change it. */
#ifndef TAFEL_TEMPLATE_H
#define TAFEL_TEMPLATE_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct tpl_set;

/* Checks one template text. On success *out is a new normalized tree the caller deletes.
 * On failure returns TF_E_INVALID and writes "field: reason" into err. */
int tpl_parse(const char *json, size_t len, cJSON **out, char *err, size_t errlen);

/* Reads and checks one file; err then reads "FILE: field: reason". */
int tpl_load_file(const char *path, cJSON **out, char *err, size_t errlen);

/* Loads every *.json in dir, logging each refused file with its reason. Returns NULL only
 * when memory runs out; a missing folder gives an empty set. */
struct tpl_set *tpl_set_load(const char *dir);
void tpl_set_free(struct tpl_set *set);

/* The template with this id (file name without .json), or NULL. Owned by the set. */
const cJSON *tpl_set_find(const struct tpl_set *set, const char *id);

/* The list for GET /api/templates: [{"id","title","language","phases"}]. Caller deletes. */
cJSON *tpl_set_list(const struct tpl_set *set);

#endif
