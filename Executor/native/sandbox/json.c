#define _GNU_SOURCE
#include "json.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct reader {
    const char *p;
    const char *end;
    const char *start;
    char *error;
    int depth;
};

static struct json *parse_value(struct reader *r);

static void *fail(struct reader *r, const char *what)
{
    if (!r->error) {
        r->error = xasprintf("%s at byte %ld", what, (long)(r->p - r->start));
    }
    return NULL;
}

static void skip_ws(struct reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) {
        r->p++;
    }
}

static int literal(struct reader *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) >= n && memcmp(r->p, word, n) == 0) {
        r->p += n;
        return 1;
    }
    return 0;
}

static int hex4(struct reader *r, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        if (r->p >= r->end) {
            return 0;
        }
        char c = *r->p++;
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F)); return 4;
}

/* An escape never expands (\uXXXX is 6 bytes for at most 3 of UTF-8; a pair is 12 for 4). */
static char *parse_string(struct reader *r)
{
    r->p++; /* opening quote */
    const char *begin = r->p;
    char *out = xmalloc((size_t)(r->end - begin) + 1);
    size_t n = 0;
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p;
        if (c < 0x20) {
            return fail(r, "control character in string");
        }
        if (c != '\\') {
            out[n++] = (char)c;
            r->p++;
            continue;
        }
        r->p++;
        if (r->p >= r->end) {
            break;
        }
        char e = *r->p++;
        switch (e) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (!hex4(r, &cp)) return fail(r, "bad \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (!literal(r, "\\u") || !hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    return fail(r, "unpaired surrogate in \\u escape");
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return fail(r, "unpaired surrogate in \\u escape");
            }
            if (cp == 0) return fail(r, "\\u0000 in string");
            n += put_utf8(out + n, cp);
            break;
        }
        default:
            return fail(r, "bad escape in string");
        }
    }
    if (r->p >= r->end) {
        return fail(r, "unterminated string");
    }
    r->p++;
    out[n] = 0;
    return out;
}

static struct json *parse_number(struct reader *r, struct json *v)
{
    const char *s = r->p;
    if (r->p < r->end && *r->p == '-') r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9') return fail(r, "bad number");
    if (*r->p == '0') r->p++;
    else while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
    v->is_integer = 1;
    if (r->p < r->end && *r->p == '.') {
        v->is_integer = 0;
        r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9') return fail(r, "bad number");
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        v->is_integer = 0;
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-')) r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9') return fail(r, "bad number");
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
    }
    char buf[64];
    size_t len = (size_t)(r->p - s);
    if (len >= sizeof buf) return fail(r, "number too long");
    memcpy(buf, s, len);
    buf[len] = 0;
    v->type = JSON_NUMBER;
    /* Unsigned 64-bit values (RLIM_INFINITY in rlimits) keep their bits: read back as uint64_t. */
    if (!v->is_integer) v->integer = (long long)strtod(buf, NULL);
    else if (buf[0] == '-') v->integer = strtoll(buf, NULL, 10);
    else v->integer = (long long)strtoull(buf, NULL, 10);
    return v;
}

static struct json *parse_container(struct reader *r, struct json *v, int object)
{
    char close = object ? '}' : ']';
    size_t cap = 8;
    v->type = object ? JSON_OBJECT : JSON_ARRAY;
    v->items = xmalloc(cap * sizeof *v->items);
    v->keys = object ? xmalloc(cap * sizeof *v->keys) : NULL;
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return v;
    }
    for (;;) {
        if (v->count == cap) {
            cap *= 2;
            v->items = realloc(v->items, cap * sizeof *v->items);
            if (object) v->keys = realloc(v->keys, cap * sizeof *v->keys);
            if (!v->items || (object && !v->keys)) die_errno(EXIT_SETUP, "allocating memory");
        }
        skip_ws(r);
        if (object) {
            if (r->p >= r->end || *r->p != '"') return fail(r, "expected a member name");
            char *key = parse_string(r);
            if (!key) return NULL;
            v->keys[v->count] = key;
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':') return fail(r, "expected ':'");
            r->p++;
        }
        struct json *item = parse_value(r);
        if (!item) return NULL;
        v->items[v->count++] = item;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') { r->p++; continue; }
        if (r->p < r->end && *r->p == close) { r->p++; return v; }
        return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static struct json *parse_value(struct reader *r)
{
    skip_ws(r);
    if (r->p >= r->end) return fail(r, "unexpected end of input");
    if (++r->depth > 64) return fail(r, "nesting too deep");
    struct json *v = xmalloc(sizeof *v);
    struct json *result = v;
    char c = *r->p;
    if (c == '{' || c == '[') result = parse_container(r, v, c == '{');
    else if (c == '"') { v->type = JSON_STRING; v->string = parse_string(r); if (!v->string) result = NULL; }
    else if (literal(r, "true")) { v->type = JSON_BOOL; v->boolean = 1; }
    else if (literal(r, "false")) { v->type = JSON_BOOL; }
    else if (literal(r, "null")) { v->type = JSON_NULL; }
    else result = parse_number(r, v);
    r->depth--;
    return result;
}

struct json *json_parse(const char *text, size_t length, char **error)
{
    struct reader r = { text, text + length, text, NULL, 0 };
    struct json *v = parse_value(&r);
    if (v) {
        skip_ws(&r);
        if (r.p != r.end) v = fail(&r, "trailing characters after the document");
    }
    *error = r.error;
    return v;
}

struct json *json_get(const struct json *v, const char *key)
{
    if (!v || v->type != JSON_OBJECT) return NULL;
    for (size_t i = 0; i < v->count; i++) {
        if (strcmp(v->keys[i], key) == 0) return v->items[i];
    }
    return NULL;
}

const char *json_type_name(enum json_type type)
{
    static const char *names[] = { "null", "boolean", "number", "string", "array", "object" };
    return names[type];
}
