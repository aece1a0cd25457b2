using System.Collections.Immutable;

namespace Builder.Executor.Sandbox;

/// <summary>
/// What Docker (moby's oci/defaults.go, caps/defaults.go) and runc (`runc spec`) give a container
/// unless asked otherwise. builder-sandbox and runc get the same values, so the cross-check
/// compares like with like.
/// </summary>
public static class RuntimeSpecDefaults
{
    public const string OciVersion = "1.0.2";

    /// <summary>Docker's PATH for an image that sets none.</summary>
    public const string Path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Docker's default capability set (bounding, effective and permitted; inheritable empty).</summary>
    public static ImmutableArray<string> Capabilities { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>Paths hidden behind an empty read-only tmpfs (directories) or /dev/null (files).</summary>
    public static ImmutableArray<string> MaskedPaths { get; } =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
        "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    /// <summary>Paths bind-mounted read-only over themselves.</summary>
    public static ImmutableArray<string> ReadonlyPaths { get; } =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>proc, a tmpfs /dev with devpts, shm and mqueue, and a read-only sysfs.</summary>
    public static ImmutableArray<RuntimeMount> Mounts { get; } =
    [
        new("/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]),
        new("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        new("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        new("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        new("/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]),
        new("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
    ];

    /// <summary>The namespaces of a RUN step; network is left out for host networking.</summary>
    public static ImmutableArray<string> Namespaces(bool hostNetwork) =>
        hostNetwork ? ["pid", "ipc", "uts", "mount"] : ["pid", "network", "ipc", "uts", "mount"];
}
