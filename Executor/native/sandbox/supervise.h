/* Waiting for a child while forwarding signals to it: the helper, init and exec share this. */
#ifndef BUILDER_SANDBOX_SUPERVISE_H
#define BUILDER_SANDBOX_SUPERVISE_H

#include <signal.h>
#include <sys/types.h>

/* The signals passed on to the child (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2) and
 * SIGCHLD; with terminal also SIGWINCH (the relay resizes the pty), with timeout also SIGALRM. */
void supervise_signals(sigset_t *set, int terminal, int timeout);

/* Waits for child while passing forwarded signals on to it; reaps every other child too.
 * SIGALRM (the --timeout timer) SIGKILLs the child and sets supervise_timed_out. */
int supervise(pid_t child, const sigset_t *set);

/* What supervise does with one signal: forwards it, or on SIGALRM kills the child, or on SIGCHLD
 * reaps every child that ended; returns 1 (and sets *status) once child itself was reaped. */
int supervise_signal(int sig, pid_t child, int *status);

/* Set once the child was killed because its time ran out. */
extern int supervise_timed_out;

/* A wait status as a shell reports it: the exit code, 128+N when signal N killed it. */
int status_code(int status);

#endif
