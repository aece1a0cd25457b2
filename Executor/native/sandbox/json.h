/* A small JSON reader for config.json: a tree of values, allocated once and never freed (the
 * helper is short-lived). Strict RFC 8259 apart from accepting any number as a double + int64. */
#ifndef BUILDER_SANDBOX_JSON_H
#define BUILDER_SANDBOX_JSON_H

#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
    enum json_type type;
    int boolean;
    long long integer; /* the number truncated (above LLONG_MAX: its uint64_t bits); is_integer
                          says whether it was written as an integer */
    int is_integer;
    char *string;      /* NUL-terminated UTF-8 (an embedded \u0000 is rejected) */
    size_t count;      /* array items or object members */
    struct json **items;
    char **keys;       /* object member names, parallel to items */
};

/* Parses text; on failure returns NULL and sets *error to a message naming the byte offset. */
struct json *json_parse(const char *text, size_t length, char **error);
/* The member of an object, or NULL when absent or when v is not an object. */
struct json *json_get(const struct json *v, const char *key);
const char *json_type_name(enum json_type type);

#endif
