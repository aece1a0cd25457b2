/* Shared helpers of builder-sandbox: failure reporting and small string utilities. */
#ifndef BUILDER_SANDBOX_UTIL_H
#define BUILDER_SANDBOX_UTIL_H

#include <stddef.h>

/* Exit codes of a setup failure, distinct from a container's own statuses in the usual cases
 * (the same convention as docker run): 125 the sandbox could not be set up, 126 the command
 * was found but could not be executed, 127 the command was not found. */
#define EXIT_SETUP 125
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

/* Called by die_errno/die_msg before exiting (the helper's cleanup after a failed setup). */
extern void (*on_die)(void);

/* Prints "builder-sandbox: <what>: <strerror(errno)>" and exits with code. */
void die_errno(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* Prints "builder-sandbox: <what>" and exits with code. */
void die_msg(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

void *xmalloc(size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int starts_with(const char *s, const char *prefix);
/* Writes a whole string to a file (cgroup and /proc control files); returns 0 or -1 with errno. */
int write_file(const char *path, const char *content);

#endif
