#define _GNU_SOURCE
#include "terminal.h"
#include "supervise.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

/* After the child exits, output still arriving (a background process holding the pty in an
 * exec) is copied until the pty has been quiet this long. */
#define DRAIN_QUIET_MS 100

int terminal_size(struct winsize *size)
{
    return ioctl(0, TIOCGWINSZ, size) == 0 || ioctl(1, TIOCGWINSZ, size) == 0;
}

void terminal_open(int *master, int *slave, const struct winsize *size)
{
    *master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*master < 0) die_errno(EXIT_SETUP, "opening /dev/ptmx for the terminal (process.terminal)");
    if (grantpt(*master) < 0 || unlockpt(*master) < 0) die_errno(EXIT_SETUP, "unlocking the terminal's pty");
    char name[64];
    if (ptsname_r(*master, name, sizeof name) != 0) die_errno(EXIT_SETUP, "naming the terminal's pty");
    *slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*slave < 0) die_errno(EXIT_SETUP, "opening %s", name);
    if (size && ioctl(*master, TIOCSWINSZ, size) < 0) die_errno(EXIT_SETUP, "setting the size of %s", name);
}

void terminal_attach(int slave, uid_t uid)
{
    if (setsid() < 0) die_errno(EXIT_SETUP, "setsid for the terminal");
    if (ioctl(slave, TIOCSCTTY, 0) < 0) die_errno(EXIT_SETUP, "making the pty the controlling terminal");
    if (fchown(slave, uid, (gid_t)-1) < 0) die_errno(EXIT_SETUP, "giving the pty to uid %u", (unsigned)uid);
    for (int fd = 0; fd < 3; fd++) {
        if (dup2(slave, fd) < 0) die_errno(EXIT_SETUP, "connecting the pty to descriptor %d", fd);
    }
    if (slave > 2) close(slave);
}

int terminal_send(int sock, int fd)
{
    char byte = 't';
    struct iovec iov = { &byte, 1 };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    ssize_t n;
    while ((n = sendmsg(sock, &msg, 0)) < 0 && errno == EINTR) {
    }
    return n == 1 ? 0 : -1;
}

int terminal_receive(int sock)
{
    char byte;
    struct iovec iov = { &byte, 1 };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf };
    ssize_t n;
    while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
    }
    struct cmsghdr *c = n == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
    if (!c || c->cmsg_type != SCM_RIGHTS) return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof(int));
    return fd;
}

static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return; /* the reader went away: the container's output is dropped, it runs on */
        buf += n;
        len -= (size_t)n;
    }
}

/* End of input: the pty's EOF character, which a canonical-mode reader sees as end of file. */
static void send_eof(int master)
{
    struct termios t;
    if (tcgetattr(master, &t) == 0 && (t.c_lflag & ICANON)) {
        char eof = (char)t.c_cc[VEOF];
        while (write(master, &eof, 1) < 0 && errno == EINTR) {
        }
    }
}

struct relay {
    int master;
    int input_open;
    char pending[4096]; /* read from stdin, not yet taken by the pty */
    size_t pending_len, pending_off;
};

static int pump_output(int master)
{
    char buf[8192];
    ssize_t n = read(master, buf, sizeof buf);
    if (n > 0) {
        write_all(1, buf, (size_t)n);
        return 1;
    }
    /* EIO: every slave descriptor is closed. */
    return n < 0 && (errno == EAGAIN || errno == EINTR) ? 1 : 0;
}

static void pump_input(struct relay *r)
{
    ssize_t n = read(0, r->pending, sizeof r->pending);
    if (n > 0) {
        r->pending_len = (size_t)n;
        r->pending_off = 0;
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        r->input_open = 0;
        send_eof(r->master);
    }
}

static void flush_pending(struct relay *r)
{
    ssize_t n = write(r->master, r->pending + r->pending_off, r->pending_len - r->pending_off);
    if (n > 0) r->pending_off += (size_t)n;
    else if (n < 0 && errno != EAGAIN && errno != EINTR) r->pending_off = r->pending_len; /* pty gone: drop it */
    if (r->pending_off == r->pending_len) r->pending_len = r->pending_off = 0;
}

/* One signal from the signalfd: returns 1 when it reaped the child (status set). */
static int on_signal(const struct signalfd_siginfo *si, pid_t child, int master, int *status)
{
    int sig = (int)si->ssi_signo;
    if (sig == SIGWINCH) {
        struct winsize size;
        if (terminal_size(&size)) ioctl(master, TIOCSWINSZ, &size);
        return 0;
    }
    return supervise_signal(sig, child, status);
}

int terminal_relay(pid_t child, int master, const sigset_t *set)
{
    int sfd = signalfd(-1, set, SFD_CLOEXEC);
    if (sfd < 0) die_errno(EXIT_SETUP, "signalfd");
    /* Writes to a closed stdout must fail with EPIPE, not end the helper (never execs, so the
     * disposition reaches no container process). */
    signal(SIGPIPE, SIG_IGN);
    if (fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK) < 0) die_errno(EXIT_SETUP, "configuring the pty");
    struct relay r = { .master = master, .input_open = 1 };
    int exited = 0, master_open = 1, status = 0;
    for (;;) {
        struct pollfd fds[3] = {
            { sfd, POLLIN, 0 },
            { master_open ? master : -1, (short)(POLLIN | (r.pending_len ? POLLOUT : 0)), 0 },
            { r.input_open && !r.pending_len ? 0 : -1, POLLIN, 0 },
        };
        int n = poll(fds, 3, exited ? DRAIN_QUIET_MS : -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die_errno(EXIT_SETUP, "waiting for the terminal");
        }
        if (n == 0) break; /* exited, and the pty has been quiet */
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si && on_signal(&si, child, master, &status)) exited = 1;
        }
        if (fds[1].revents & POLLOUT) flush_pending(&r);
        if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) && !pump_output(master)) master_open = 0;
        if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) pump_input(&r);
        if (fds[2].revents & POLLNVAL) r.input_open = 0;
        if (exited && !master_open) break;
    }
    close(sfd);
    return status;
}
