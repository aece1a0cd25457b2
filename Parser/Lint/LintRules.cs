using System.Collections.Immutable;
using Builder.Parser.Diagnostics;

namespace Builder.Parser.Lint;

/// <summary>
/// The lint rule table: BLD20xx are BuildKit's build checks (same names, messages and lines as
/// BuildKit reports them), BLD21xx are shell-aware rules on RUN and stage contents. The help pages
/// under <c>docs/rules/</c> are generated from this table by a golden test.
/// </summary>
public static class LintRules
{
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    private static LintRule BuildKit(string id, string name, string title, string message, string description, string? url, bool experimental = false) =>
        new(id, name, true, Warning, true, experimental, title, message, description, url);

    private const string Docs = "https://docs.docker.com/go/dockerfile/rule/";

    public static readonly LintRule StageNameCasing = BuildKit("BLD2001", "StageNameCasing", "Stage names should be lowercase",
        "Stage name '{0}' should be lowercase", "Stage names should be lowercase: write the name after AS in lowercase.", Docs + "stage-name-casing/");

    public static readonly LintRule FromAsCasing = BuildKit("BLD2002", "FromAsCasing", "The 'as' keyword should match the case of the 'from' keyword",
        "'{0}' and '{1}' keywords' casing do not match", "The 'as' keyword should match the case of the 'from' keyword: write FROM ... AS or from ... as.", Docs + "from-as-casing/");

    public static readonly LintRule NoEmptyContinuation = BuildKit("BLD2003", "NoEmptyContinuation", "Empty continuation lines",
        "Empty continuation line", "Empty continuation lines will become errors in a future release: remove the blank line inside the continued instruction.", Docs + "no-empty-continuation/");

    public static readonly LintRule ConsistentInstructionCasing = BuildKit("BLD2004", "ConsistentInstructionCasing", "Inconsistent instruction casing",
        "Command '{0}' should match the case of the command majority ({1})", "All commands within the Dockerfile should use the same casing (either upper or lower).", Docs + "consistent-instruction-casing/");

    public static readonly LintRule DuplicateStageName = BuildKit("BLD2005", "DuplicateStageName", "Stage names should be unique",
        "Duplicate stage name {0}, stage names should be unique", "Stage names should be unique: rename one of the stages.", Docs + "duplicate-stage-name/");

    public static readonly LintRule ReservedStageName = BuildKit("BLD2006", "ReservedStageName", "Reserved stage name",
        "Stage name should not use the same name as reserved stage {0}", "Reserved words (scratch, context) should not be used as stage names.", Docs + "reserved-stage-name/");

    public static readonly LintRule JsonArgsRecommended = BuildKit("BLD2007", "JSONArgsRecommended", "JSON arguments recommended for ENTRYPOINT/CMD",
        "JSON arguments recommended for {0} to prevent unintended behavior related to OS signals",
        "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals: write [\"executable\", \"arg\"].", Docs + "json-args-recommended/");

    public static readonly LintRule MaintainerDeprecated = BuildKit("BLD2008", "MaintainerDeprecated", "MAINTAINER is deprecated",
        "Maintainer instruction is deprecated in favor of using label",
        "The MAINTAINER instruction is deprecated, use a label instead to define an image author: LABEL org.opencontainers.image.authors=\"...\".", Docs + "maintainer-deprecated/");

    public static readonly LintRule UndefinedArgInFrom = BuildKit("BLD2009", "UndefinedArgInFrom", "FROM uses an undeclared ARG",
        "FROM argument '{0}' is not declared{1}", "FROM command must use declared ARGs: declare the ARG before the first FROM.", Docs + "undefined-arg-in-from/");

    public static readonly LintRule WorkdirRelativePath = BuildKit("BLD2010", "WorkdirRelativePath", "Relative WORKDIR",
        "Relative workdir {0} can have unexpected results if the base image changes",
        "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes: use an absolute path.", Docs + "workdir-relative-path/");

    public static readonly LintRule UndefinedVar = BuildKit("BLD2011", "UndefinedVar", "Undefined variable",
        "Usage of undefined variable '${0}'{1}", "Variables should be defined before their use: declare them with ARG or ENV first.", Docs + "undefined-var/");

    public static readonly LintRule MultipleInstructionsDisallowed = BuildKit("BLD2012", "MultipleInstructionsDisallowed", "Repeated CMD/ENTRYPOINT/HEALTHCHECK",
        "Multiple {0} instructions should not be used in the same stage because only the last one will be used",
        "Multiple instructions of the same type should not be used in the same stage: keep only the last one.", Docs + "multiple-instructions-disallowed/");

    public static readonly LintRule LegacyKeyValueFormat = BuildKit("BLD2013", "LegacyKeyValueFormat", "Legacy key/value format",
        "\"{0} key=value\" should be used instead of legacy \"{0} key value\" format",
        "Legacy key/value format with whitespace separator should not be used: write key=value.", Docs + "legacy-key-value-format/");

    public static readonly LintRule InvalidBaseImagePlatform = BuildKit("BLD2014", "InvalidBaseImagePlatform", "Base image platform mismatch",
        "Base image {0} was pulled with platform {1}, expected {2} for current build",
        "Base image platform does not match expected target platform. Only a build can see the platform of a pulled image: static lint accepts this name in '# check=' but never reports it.", null);

    public static readonly LintRule RedundantTargetPlatform = BuildKit("BLD2015", "RedundantTargetPlatform", "Redundant --platform=$TARGETPLATFORM",
        "Setting platform to predefined {0} in FROM is redundant as this is the default behavior",
        "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior: remove the flag.", Docs + "redundant-target-platform/");

    public static readonly LintRule SecretsUsedInArgOrEnv = BuildKit("BLD2016", "SecretsUsedInArgOrEnv", "Secret in ARG or ENV",
        "Do not use ARG or ENV instructions for sensitive data ({0} {1})",
        "Sensitive data should not be used in the ARG or ENV commands: they stay in the image. Use RUN --mount=type=secret.", Docs + "secrets-used-in-arg-or-env/");

    public static readonly LintRule InvalidDefaultArgInFrom = BuildKit("BLD2017", "InvalidDefaultArgInFrom", "Invalid default ARG in FROM",
        "Default value for ARG {0} results in empty or invalid base image name",
        "Default value for global ARG results in an empty or invalid base image name: give the ARG a valid default.", Docs + "invalid-default-arg-in-from/");

    public static readonly LintRule FromPlatformFlagConstDisallowed = BuildKit("BLD2018", "FromPlatformFlagConstDisallowed", "Constant FROM --platform",
        "FROM --platform flag should not use constant value {0}",
        "FROM --platform flag should not use a constant value: use $BUILDPLATFORM or $TARGETPLATFORM, or name the stage after the platform.", Docs + "from-platform-flag-const-disallowed/");

    public static readonly LintRule CopyIgnoredFile = BuildKit("BLD2019", "CopyIgnoredFile", "COPY of a file excluded by .dockerignore",
        "Attempting to {0} file {1} that is excluded by .dockerignore",
        "Attempting to Copy file that is excluded by .dockerignore: the file is not in the build context. Fix the path or the ignore file.", Docs + "copy-ignored-file/");

    public static readonly LintRule InvalidDefinitionDescription = BuildKit("BLD2020", "InvalidDefinitionDescription", "Description comment format",
        "Comment for {0} should follow the format: `# {1} <description>`",
        "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.",
        Docs + "invalid-definition-description/", experimental: true);

    public static readonly LintRule ExposeProtoCasing = BuildKit("BLD2021", "ExposeProtoCasing", "EXPOSE protocol casing",
        "Defined protocol '{0}' in EXPOSE instruction should be lowercase", "Protocol in EXPOSE instruction should be lowercase: tcp, udp or sctp.", Docs + "expose-proto-casing/");

    public static readonly LintRule ExposeInvalidFormat = BuildKit("BLD2022", "ExposeInvalidFormat", "EXPOSE with address or host port",
        "EXPOSE instruction should not define an IP address or host-port mapping, found '{0}'",
        "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release: publish ports when running the container.", Docs + "expose-invalid-format/");

    public static ImmutableArray<LintRule> All { get; } =
    [
        StageNameCasing, FromAsCasing, NoEmptyContinuation, ConsistentInstructionCasing, DuplicateStageName,
        ReservedStageName, JsonArgsRecommended, MaintainerDeprecated, UndefinedArgInFrom, WorkdirRelativePath,
        UndefinedVar, MultipleInstructionsDisallowed, LegacyKeyValueFormat, InvalidBaseImagePlatform,
        RedundantTargetPlatform, SecretsUsedInArgOrEnv, InvalidDefaultArgInFrom, FromPlatformFlagConstDisallowed,
        CopyIgnoredFile, InvalidDefinitionDescription, ExposeProtoCasing, ExposeInvalidFormat,
        .. ShellRules.All,
    ];

    private static readonly Dictionary<string, LintRule> ByKey = CreateIndex();

    /// <summary>A rule by id (<c>BLD2001</c>) or name (<c>StageNameCasing</c>), case-insensitive.</summary>
    public static LintRule? Find(string idOrName) => ByKey.TryGetValue(idOrName, out var rule) ? rule : null;

    private static Dictionary<string, LintRule> CreateIndex()
    {
        var index = new Dictionary<string, LintRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in All)
        {
            index[rule.Id] = rule;
            index[rule.Name] = rule;
        }

        return index;
    }
}
