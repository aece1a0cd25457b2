#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void (*on_die)(void);

static void vreport(const char *fmt, va_list ap, int err)
{
    char line[1024];
    int n = vsnprintf(line, sizeof line, fmt, ap);
    if (n < 0) {
        line[0] = 0;
    }
    /* One write, so the line is not interleaved with the container's output. */
    if (err) {
        dprintf(2, "builder-sandbox: %s: %s\n", line, strerror(err));
    } else {
        dprintf(2, "builder-sandbox: %s\n", line);
    }
}

void die_errno(int code, const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap, err ? err : EINVAL);
    va_end(ap);
    if (on_die) {
        void (*hook)(void) = on_die;
        on_die = NULL;
        hook();
    }
    _exit(code);
}

void die_msg(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap, 0);
    va_end(ap);
    if (on_die) {
        void (*hook)(void) = on_die;
        on_die = NULL;
        hook();
    }
    _exit(code);
}

void *xmalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p) {
        die_errno(EXIT_SETUP, "allocating memory");
    }
    return p;
}

char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        die_errno(EXIT_SETUP, "allocating memory");
    }
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    char *out = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&out, fmt, ap);
    va_end(ap);
    if (n < 0) {
        die_errno(EXIT_SETUP, "allocating memory");
    }
    return out;
}

int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int write_file(const char *path, const char *content)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    size_t len = strlen(content);
    ssize_t n = write(fd, content, len);
    int err = errno;
    close(fd);
    if (n != (ssize_t)len) {
        errno = n < 0 ? err : EIO;
        return -1;
    }
    return 0;
}
