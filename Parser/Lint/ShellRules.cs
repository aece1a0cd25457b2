using System.Collections.Immutable;
using Builder.Parser.Diagnostics;

namespace Builder.Parser.Lint;

/// <summary>
/// Our own rules (BLD21xx): shell-aware checks of RUN commands, heredoc scripts included, and of
/// stage contents. Rules known to be noisy (version pins) are off unless enabled.
/// </summary>
public static class ShellRules
{
    private static LintRule Rule(string id, string name, DiagnosticSeverity severity, string title, string message, string description, bool enabled = true) =>
        new(id, name, false, severity, enabled, false, title, message, description, null);

    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;
    private const DiagnosticSeverity Info = DiagnosticSeverity.Info;

    public static readonly LintRule AptGetMissingYes = Rule("BLD2101", "AptGetMissingYes", Warning,
        "apt-get install without -y", "'apt-get install' without -y waits for a confirmation that never comes",
        "Builds are not interactive: write 'apt-get install -y' (or --yes, -qq).");

    public static readonly LintRule AptGetNoInstallRecommends = Rule("BLD2102", "AptGetNoInstallRecommends", Info,
        "apt-get install without --no-install-recommends", "'apt-get install' without --no-install-recommends installs recommended packages too",
        "Add --no-install-recommends so the image holds only the packages asked for.");

    public static readonly LintRule AptGetUnpinned = Rule("BLD2103", "AptGetUnpinned", Info,
        "apt-get install without version pins", "Package '{0}' is installed without a version pin",
        "Pin versions (apt-get install PACKAGE=VERSION) for repeatable builds. Off by default: pins go stale quickly.", enabled: false);

    public static readonly LintRule AptListsNotCleaned = Rule("BLD2104", "AptListsNotCleaned", Info,
        "apt lists not removed", "'apt-get install' without removing /var/lib/apt/lists in the same RUN",
        "End the RUN with 'rm -rf /var/lib/apt/lists/*' (or use a cache mount on /var/lib/apt) so the package lists do not stay in the layer.");

    public static readonly LintRule CdInsteadOfWorkdir = Rule("BLD2105", "CdInsteadOfWorkdir", Info,
        "cd instead of WORKDIR", "Use WORKDIR to switch to a directory instead of 'cd'",
        "A 'cd' lasts only for the RUN it is in; WORKDIR sets the directory for every later instruction.");

    public static readonly LintRule Sudo = Rule("BLD2106", "Sudo", Warning,
        "sudo in RUN", "Do not use sudo: RUN runs as the current USER",
        "sudo has unpredictable TTY and signal behaviour; switch with USER, or use gosu/su-exec at run time.");

    public static readonly LintRule PipeWithoutPipefail = Rule("BLD2107", "PipeWithoutPipefail", Info,
        "Pipe without pipefail", "A pipe hides the failure of '{0}': set -o pipefail first",
        "Only the last command of a pipe sets the exit status. Run 'set -o pipefail' first (or SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]).");

    public static readonly LintRule CurlAndWget = Rule("BLD2108", "CurlAndWget", Info,
        "Both curl and wget", "Both curl and wget are used in this stage: pick one",
        "Using one download tool keeps the image smaller.");

    public static readonly LintRule PipNoCacheDir = Rule("BLD2109", "PipNoCacheDir", Info,
        "pip install without --no-cache-dir", "'pip install' without --no-cache-dir keeps its download cache in the layer",
        "Add --no-cache-dir, set PIP_NO_CACHE_DIR, or use a cache mount on /root/.cache/pip.");

    public static readonly LintRule ApkNoCache = Rule("BLD2110", "ApkNoCache", Info,
        "apk add without --no-cache", "'apk add' without --no-cache keeps the package index in the layer",
        "Write 'apk add --no-cache', or use a cache mount on /var/cache/apk.");

    public static readonly LintRule LastUserRoot = Rule("BLD2111", "LastUserRoot", Warning,
        "Last USER is root", "The image runs as root: the last USER of the final stage is '{0}'",
        "Switch to an unprivileged user with USER at the end of the final stage.");

    public static readonly LintRule CopyFromUnknownStage = Rule("BLD2112", "CopyFromUnknownStage", Warning,
        "COPY --from an unknown stage", "--from={0} names no earlier stage: it will be pulled as an image{1}",
        "Name an earlier stage (FROM ... AS NAME) or a full image reference (name:tag).");

    public static readonly LintRule AptGetUpgrade = Rule("BLD2113", "AptGetUpgrade", Info,
        "apt-get upgrade in RUN", "'apt-get {0}' makes the image depend on the day it was built",
        "Update the base image instead, or pin the packages that need a newer version. Off by default.", enabled: false);

    public static ImmutableArray<LintRule> All { get; } =
    [
        AptGetMissingYes, AptGetNoInstallRecommends, AptGetUnpinned, AptListsNotCleaned, CdInsteadOfWorkdir, Sudo,
        PipeWithoutPipefail, CurlAndWget, PipNoCacheDir, ApkNoCache, LastUserRoot, CopyFromUnknownStage, AptGetUpgrade,
    ];
}
