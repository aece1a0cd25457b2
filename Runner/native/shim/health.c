#define _GNU_SOURCE
#include "health.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int in_start_period(const struct health *h)
{
    return strcmp(h->status, "starting") == 0 && h->options.start_period_ms > 0 &&
           monotonic_ms() - h->started_ms < h->options.start_period_ms;
}

long health_delay(const struct health *h)
{
    return in_start_period(h) ? h->options.start_interval_ms : h->options.interval_ms;
}

/* RFC 3339 in UTC with microseconds (what .NET's DateTimeOffset parses exactly). */
static void write_time(FILE *out, const struct timespec *t)
{
    struct tm tm;
    gmtime_r(&t->tv_sec, &tm);
    char text[32];
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(out, "\"%s.%06ldZ\"", text, t->tv_nsec / 1000);
}

/* The length of a valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : 0;
    if (len == 0 || len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
    }
    return len;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD, so readers never reject the file. */
static void write_string(FILE *out, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            fprintf(out, "\\%c", c);
        } else if (c == '\n') {
            fputs("\\n", out);
        } else if (c == '\r') {
            fputs("\\r", out);
        } else if (c == '\t') {
            fputs("\\t", out);
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\u%04x", c);
        } else if (c < 0x80) {
            fputc(c, out);
        } else {
            size_t seq = utf8_length(s + i, len - i);
            if (seq == 0) {
                fputs("\\ufffd", out);
            } else {
                fwrite(s + i, 1, seq, out);
                i += seq - 1;
            }
        }
    }
    fputc('"', out);
}

static void health_write(const struct health *h)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) return;
    fprintf(out, "{\"Status\":\"%s\",\"FailingStreak\":%d,\"Log\":[", h->status, h->failing_streak);
    for (size_t i = 0; i < h->log_count; i++) {
        const struct health_result *r = &h->log[i];
        fputs(i ? ",{\"Start\":" : "{\"Start\":", out);
        write_time(out, &r->start);
        fputs(",\"End\":", out);
        write_time(out, &r->end);
        fprintf(out, ",\"ExitCode\":%d,\"Output\":", r->exit_code);
        write_string(out, r->output, r->output_len);
        fputc('}', out);
    }
    fputs("]}\n", out);
    fclose(out);
    /* A failed write leaves the previous status; the next check tries again. */
    write_atomic(h->state, "health.json", text, len);
    free(text);
}

void health_begin(struct health *h, const struct health_options *options, const char *state)
{
    memset(h, 0, sizeof *h);
    h->options = *options;
    h->state = state;
    h->started_ms = monotonic_ms();
    h->status = "starting";
    health_write(h);
}

void health_record(struct health *h, const struct health_result *result)
{
    if (h->log_count == HEALTH_LOG_ENTRIES) {
        memmove(h->log, h->log + 1, sizeof h->log[0] * (HEALTH_LOG_ENTRIES - 1));
        h->log_count--;
    }
    h->log[h->log_count++] = *result;
    if (result->exit_code == 0) {
        h->failing_streak = 0;
        h->status = "healthy";
    } else if (!in_start_period(h)) {
        if (++h->failing_streak >= h->options.retries) h->status = "unhealthy";
    }
    health_write(h);
}
