/* process.terminal: a pty made inside the container, its slave the command's controlling terminal,
 * its master relayed by the helper to and from the helper's own stdin and stdout. */
#ifndef BUILDER_SANDBOX_TERMINAL_H
#define BUILDER_SANDBOX_TERMINAL_H

#include <signal.h>
#include <sys/ioctl.h>
#include <sys/types.h>

/* The helper's terminal size (stdin's, else stdout's); 0 when neither is a terminal. */
int terminal_size(struct winsize *size);

/* A new pty from this mount namespace's /dev/ptmx (the container's devpts once pivoted), sized
 * as size when given. Exits with EXIT_SETUP on failure. */
void terminal_open(int *master, int *slave, const struct winsize *size);

/* In the command's process, before process_exec: a session of its own with slave as its
 * controlling terminal and stdin, stdout and stderr; the slave is owned by uid, as runc does. */
void terminal_attach(int slave, uid_t uid);

/* Passes fd over a unix socket (SCM_RIGHTS); 0 or -1. */
int terminal_send(int sock, int fd);
/* Receives a descriptor sent by terminal_send; -1 when the peer closed without sending. */
int terminal_receive(int sock);

/* supervise() with the pty relayed: stdin → master (at its end of file the pty's EOF character
 * is sent when the terminal is in canonical mode), master → stdout. SIGWINCH copies the helper's
 * terminal size to the pty. Returns the child's wait status once it has exited and the master
 * has nothing more to say. */
int terminal_relay(pid_t child, int master, const sigset_t *set);

#endif
