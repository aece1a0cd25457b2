#define _GNU_SOURCE
#include "spec.h"
#include "caps.h"
#include "json.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define BAD(...) die_msg(EXIT_SETUP, "config.json: " __VA_ARGS__)

static struct json *typed(struct json *v, enum json_type type, const char *path)
{
    if (v && v->type != type && v->type != JSON_NULL) {
        BAD("%s must be a %s, not a %s", path, json_type_name(type), json_type_name(v->type));
    }
    return v && v->type == type ? v : NULL;
}

static char *string_at(struct json *obj, const char *key, const char *path)
{
    struct json *v = typed(json_get(obj, key), JSON_STRING, path);
    return v ? v->string : NULL;
}

static long long integer_at(struct json *obj, const char *key, const char *path, long long fallback)
{
    struct json *v = typed(json_get(obj, key), JSON_NUMBER, path);
    if (v && !v->is_integer) BAD("%s must be an integer", path);
    return v ? v->integer : fallback;
}

static char **strings_at(struct json *obj, const char *key, const char *path, size_t *count)
{
    struct json *a = typed(json_get(obj, key), JSON_ARRAY, path);
    size_t n = a ? a->count : 0;
    char **out = xmalloc((n + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (a->items[i]->type != JSON_STRING) BAD("%s[%zu] must be a string", path, i);
        out[i] = a->items[i]->string;
    }
    if (count) *count = n;
    return out;
}

static uint64_t cap_set(struct json *caps, const char *key)
{
    size_t n;
    char *path = xasprintf("process.capabilities.%s", key);
    char **names = strings_at(caps, key, path, &n);
    uint64_t set = 0;
    for (size_t i = 0; i < n; i++) {
        int cap = cap_from_name(names[i]);
        if (cap < 0) BAD("%s: unknown capability %s (use CAP_ names such as CAP_CHOWN)", path, names[i]);
        set |= 1ULL << cap;
    }
    return set;
}

static int rlimit_from_name(const char *name)
{
    static const struct { const char *name; int value; } table[] = {
        { "RLIMIT_AS", RLIMIT_AS }, { "RLIMIT_CORE", RLIMIT_CORE }, { "RLIMIT_CPU", RLIMIT_CPU },
        { "RLIMIT_DATA", RLIMIT_DATA }, { "RLIMIT_FSIZE", RLIMIT_FSIZE }, { "RLIMIT_LOCKS", RLIMIT_LOCKS },
        { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
        { "RLIMIT_NICE", RLIMIT_NICE }, { "RLIMIT_NOFILE", RLIMIT_NOFILE }, { "RLIMIT_NPROC", RLIMIT_NPROC },
        { "RLIMIT_RSS", RLIMIT_RSS }, { "RLIMIT_RTPRIO", RLIMIT_RTPRIO }, { "RLIMIT_RTTIME", RLIMIT_RTTIME },
        { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING }, { "RLIMIT_STACK", RLIMIT_STACK },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].name, name) == 0) return table[i].value;
    }
    return -1;
}

static void load_process(struct json *p, struct spec *s)
{
    size_t argc;
    s->args = strings_at(p, "args", "process.args", &argc);
    if (argc == 0) BAD("process.args must name a command");
    s->env = strings_at(p, "env", "process.env", NULL);
    s->cwd = string_at(p, "cwd", "process.cwd");
    if (!s->cwd || s->cwd[0] != '/') BAD("process.cwd must be an absolute path");
    struct json *terminal = typed(json_get(p, "terminal"), JSON_BOOL, "process.terminal");
    s->terminal = terminal && terminal->boolean;
    struct json *user = typed(json_get(p, "user"), JSON_OBJECT, "process.user");
    s->uid = (uid_t)integer_at(user, "uid", "process.user.uid", 0);
    s->gid = (gid_t)integer_at(user, "gid", "process.user.gid", 0);
    struct json *gids = typed(json_get(user, "additionalGids"), JSON_ARRAY, "process.user.additionalGids");
    s->additional_gid_count = gids ? gids->count : 0;
    s->additional_gids = xmalloc((s->additional_gid_count + 1) * sizeof(gid_t));
    for (size_t i = 0; i < s->additional_gid_count; i++) {
        if (gids->items[i]->type != JSON_NUMBER) BAD("process.user.additionalGids[%zu] must be a number", i);
        s->additional_gids[i] = (gid_t)gids->items[i]->integer;
    }
    if (string_at(user, "username", "process.user.username")) BAD("process.user.username is not supported; give uid and gid");
    s->umask = (mode_t)integer_at(user, "umask", "process.user.umask", 022);
    struct json *nnp = typed(json_get(p, "noNewPrivileges"), JSON_BOOL, "process.noNewPrivileges");
    s->no_new_privileges = nnp && nnp->boolean;
    struct json *caps = typed(json_get(p, "capabilities"), JSON_OBJECT, "process.capabilities");
    s->has_capabilities = caps != NULL;
    if (caps) {
        s->caps_bounding = cap_set(caps, "bounding");
        s->caps_effective = cap_set(caps, "effective");
        s->caps_permitted = cap_set(caps, "permitted");
        s->caps_inheritable = cap_set(caps, "inheritable");
        s->caps_ambient = cap_set(caps, "ambient");
    }
    struct json *rl = typed(json_get(p, "rlimits"), JSON_ARRAY, "process.rlimits");
    s->rlimit_count = rl ? rl->count : 0;
    s->rlimits = xmalloc((s->rlimit_count + 1) * sizeof *s->rlimits);
    for (size_t i = 0; i < s->rlimit_count; i++) {
        const char *name = string_at(rl->items[i], "type", "process.rlimits[].type");
        int resource = name ? rlimit_from_name(name) : -1;
        if (resource < 0) BAD("process.rlimits[%zu]: unknown type %s", i, name ? name : "(missing)");
        s->rlimits[i].resource = resource;
        s->rlimits[i].hard = (uint64_t)integer_at(rl->items[i], "hard", "process.rlimits[].hard", 0);
        s->rlimits[i].soft = (uint64_t)integer_at(rl->items[i], "soft", "process.rlimits[].soft", 0);
    }
    const char *apparmor = string_at(p, "apparmorProfile", "process.apparmorProfile");
    if (apparmor && *apparmor) BAD("process.apparmorProfile is not supported");
    const char *selinux = string_at(p, "selinuxLabel", "process.selinuxLabel");
    if (selinux && *selinux) BAD("process.selinuxLabel is not supported");
}

static void add_data(struct mount_spec *m, const char *option)
{
    char *old = m->data;
    m->data = old ? xasprintf("%s,%s", old, option) : xstrdup(option);
    free(old);
}

static void mount_option(struct mount_spec *m, const char *o, size_t index)
{
    static const struct { const char *name; unsigned long set; unsigned long clear; } flags[] = {
        { "nosuid", MS_NOSUID, 0 }, { "suid", 0, MS_NOSUID }, { "nodev", MS_NODEV, 0 }, { "dev", 0, MS_NODEV },
        { "noexec", MS_NOEXEC, 0 }, { "exec", 0, MS_NOEXEC }, { "strictatime", MS_STRICTATIME, 0 },
        { "relatime", MS_RELATIME, 0 }, { "noatime", MS_NOATIME, 0 }, { "nodiratime", MS_NODIRATIME, 0 },
        { "rw", 0, MS_RDONLY }, { "ro", MS_RDONLY, 0 },
        /* Propagation of our own mounts: the whole tree is made private before any mount. */
        { "private", 0, 0 }, { "rprivate", 0, 0 }, { "slave", 0, 0 }, { "rslave", 0, 0 },
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        if (strcmp(o, flags[i].name) == 0) {
            m->flags = (m->flags | flags[i].set) & ~flags[i].clear;
            return;
        }
    }
    if (strcmp(o, "bind") == 0 || strcmp(o, "rbind") == 0) {
        m->flags |= MS_BIND;
        m->recursive_bind = o[0] == 'r';
        return;
    }
    if (strcmp(o, "newinstance") == 0 || starts_with(o, "mode=") || starts_with(o, "size=") ||
        starts_with(o, "ptmxmode=") || starts_with(o, "gid=") || starts_with(o, "uid=") ||
        starts_with(o, "nr_inodes=")) {
        add_data(m, o);
        return;
    }
    BAD("mounts[%zu] (%s): unsupported option %s", index, m->destination, o);
}

static void load_mounts(struct json *root, struct spec *s)
{
    struct json *a = typed(json_get(root, "mounts"), JSON_ARRAY, "mounts");
    s->mount_count = a ? a->count : 0;
    s->mounts = xmalloc((s->mount_count + 1) * sizeof *s->mounts);
    for (size_t i = 0; i < s->mount_count; i++) {
        struct mount_spec *m = &s->mounts[i];
        struct json *j = a->items[i];
        m->destination = string_at(j, "destination", "mounts[].destination");
        if (!m->destination || m->destination[0] != '/') BAD("mounts[%zu].destination must be an absolute path", i);
        m->type = string_at(j, "type", "mounts[].type");
        m->source = string_at(j, "source", "mounts[].source");
        size_t n;
        char **options = strings_at(j, "options", "mounts[].options", &n);
        for (size_t k = 0; k < n; k++) mount_option(m, options[k], i);
        if (m->flags & MS_BIND) {
            if (!m->type || !*m->type || strcmp(m->type, "none") == 0) m->type = "bind";
        } else if (!m->type) {
            BAD("mounts[%zu] (%s) has no type", i, m->destination);
        }
        static const char *types[] = { "proc", "tmpfs", "devpts", "mqueue", "sysfs", "bind" };
        int known = 0;
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) known |= strcmp(m->type, types[t]) == 0;
        if (!known) BAD("mounts[%zu] (%s): unsupported type %s (proc, tmpfs, devpts, mqueue, sysfs, bind)", i, m->destination, m->type);
        if (strcmp(m->type, "bind") == 0) {
            m->flags |= MS_BIND;
            if (!m->source || m->source[0] != '/') BAD("mounts[%zu] (%s): a bind mount needs an absolute source", i, m->destination);
        }
        m->readonly = (m->flags & MS_RDONLY) != 0;
        if (!m->source) m->source = m->type;
    }
}

static char *id_map(struct json *linux_obj, const char *key)
{
    struct json *a = typed(json_get(linux_obj, key), JSON_ARRAY, key);
    if (!a || a->count == 0) return NULL;
    char *text = xstrdup("");
    for (size_t i = 0; i < a->count; i++) {
        char *line = xasprintf("%s%lld %lld %lld\n", text,
            integer_at(a->items[i], "containerID", "containerID", 0),
            integer_at(a->items[i], "hostID", "hostID", 0), integer_at(a->items[i], "size", "size", 0));
        free(text);
        text = line;
    }
    return text;
}

static void load_linux(struct json *root, struct spec *s)
{
    struct json *l = typed(json_get(root, "linux"), JSON_OBJECT, "linux");
    struct json *ns = typed(json_get(l, "namespaces"), JSON_ARRAY, "linux.namespaces");
    for (size_t i = 0; ns && i < ns->count; i++) {
        static const struct { const char *name; int flag; } table[] = {
            { "pid", CLONE_NEWPID }, { "mount", CLONE_NEWNS }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
            { "network", CLONE_NEWNET }, { "user", CLONE_NEWUSER }, { "cgroup", CLONE_NEWCGROUP },
        };
        const char *type = string_at(ns->items[i], "type", "linux.namespaces[].type");
        if (string_at(ns->items[i], "path", "linux.namespaces[].path")) BAD("linux.namespaces[%zu]: joining a namespace by path is not supported", i);
        int flag = 0;
        for (size_t t = 0; type && t < sizeof table / sizeof table[0]; t++) {
            if (strcmp(type, table[t].name) == 0) flag = table[t].flag;
        }
        if (!flag) BAD("linux.namespaces[%zu]: unsupported type %s", i, type ? type : "(missing)");
        s->clone_flags |= flag;
    }
    if (!(s->clone_flags & CLONE_NEWNS)) BAD("linux.namespaces must include mount (the rootfs is pivoted into)");
    if (!(s->clone_flags & CLONE_NEWPID)) BAD("linux.namespaces must include pid (the helper's init reaps the container)");
    s->uid_map.text = id_map(l, "uidMappings");
    s->gid_map.text = id_map(l, "gidMappings");
    if ((s->clone_flags & CLONE_NEWUSER) && (!s->uid_map.text || !s->gid_map.text)) {
        BAD("a user namespace needs linux.uidMappings and linux.gidMappings");
    }
    s->masked_paths = strings_at(l, "maskedPaths", "linux.maskedPaths", NULL);
    s->readonly_paths = strings_at(l, "readonlyPaths", "linux.readonlyPaths", NULL);
    s->cgroups_path = string_at(l, "cgroupsPath", "linux.cgroupsPath");
    if (json_get(l, "seccomp") && json_get(l, "seccomp")->type != JSON_NULL) BAD("linux.seccomp is not supported");
    struct json *r = typed(json_get(l, "resources"), JSON_OBJECT, "linux.resources");
    struct json *mem = typed(json_get(r, "memory"), JSON_OBJECT, "linux.resources.memory");
    s->memory_limit = integer_at(mem, "limit", "linux.resources.memory.limit", 0);
    s->memory_swap = integer_at(mem, "swap", "linux.resources.memory.swap", 0);
    struct json *cpu = typed(json_get(r, "cpu"), JSON_OBJECT, "linux.resources.cpu");
    s->cpu_quota = integer_at(cpu, "quota", "linux.resources.cpu.quota", 0);
    s->cpu_period = (uint64_t)integer_at(cpu, "period", "linux.resources.cpu.period", 0);
    struct json *pids = typed(json_get(r, "pids"), JSON_OBJECT, "linux.resources.pids");
    s->pids_limit = integer_at(pids, "limit", "linux.resources.pids.limit", 0);
    /* linux.devices and linux.resources.devices are not read: /dev is always the minimal set. */
}

static struct json *read_json(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) die_errno(EXIT_SETUP, "reading %s", path);
    char *text = xmalloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, text + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) die_errno(EXIT_SETUP, "reading %s", path);
        got += (size_t)n;
    }
    close(fd);
    char *error = NULL;
    struct json *root = json_parse(text, got, &error);
    if (!root) die_msg(EXIT_SETUP, "%s: invalid JSON: %s", path, error);
    if (root->type != JSON_OBJECT) die_msg(EXIT_SETUP, "%s: the document must be an object", path);
    return root;
}

void spec_load_process(const char *path, struct spec *s)
{
    load_process(read_json(path), s);
}

void spec_load(const char *bundle, struct spec *s)
{
    struct json *root = read_json(xasprintf("%s/config.json", bundle));
    struct json *hooks = json_get(root, "hooks");
    if (hooks && hooks->type == JSON_OBJECT && hooks->count > 0) BAD("hooks are not supported");
    struct json *process = typed(json_get(root, "process"), JSON_OBJECT, "process");
    if (!process) BAD("process is required (the command to run)");
    load_process(process, s);
    struct json *r = typed(json_get(root, "root"), JSON_OBJECT, "root");
    const char *rp = string_at(r, "path", "root.path");
    if (!rp || !*rp) BAD("root.path is required");
    char *joined = rp[0] == '/' ? xstrdup(rp) : xasprintf("%s/%s", bundle, rp);
    s->root_path = realpath(joined, NULL);
    if (!s->root_path) die_errno(EXIT_SETUP, "root.path %s", joined);
    struct json *ro = typed(json_get(r, "readonly"), JSON_BOOL, "root.readonly");
    s->root_readonly = ro && ro->boolean;
    s->hostname = string_at(root, "hostname", "hostname");
    load_mounts(root, s);
    load_linux(root, s);
    if (s->hostname && *s->hostname && !(s->clone_flags & CLONE_NEWUTS)) BAD("hostname needs a uts namespace");
}
