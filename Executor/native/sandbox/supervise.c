#define _GNU_SOURCE
#include "supervise.h"
#include "util.h"

#include <errno.h>
#include <sys/wait.h>

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

int supervise_timed_out;

void supervise_signals(sigset_t *set, int terminal, int timeout)
{
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) sigaddset(set, forwarded[i]);
    if (terminal) sigaddset(set, SIGWINCH);
    if (timeout) sigaddset(set, SIGALRM);
}

int status_code(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int supervise_signal(int sig, pid_t child, int *status)
{
    if (sig == SIGALRM) {
        supervise_timed_out = 1;
        kill(child, SIGKILL);
        return 0;
    }
    if (sig == SIGWINCH) return 0; /* only the terminal relay has a pty to resize */
    if (sig != SIGCHLD) {
        kill(child, sig);
        return 0;
    }
    int reaped = 0, s;
    pid_t pid;
    while ((pid = waitpid(-1, &s, WNOHANG)) > 0) {
        if (pid == child) {
            *status = s;
            reaped = 1;
        }
    }
    return reaped;
}

int supervise(pid_t child, const sigset_t *set)
{
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(set, &info);
        if (sig < 0) {
            if (errno == EINTR) continue;
            die_errno(EXIT_SETUP, "waiting for signals");
        }
        int status;
        if (supervise_signal(sig, child, &status)) return status;
    }
}
