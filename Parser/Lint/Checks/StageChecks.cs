using Builder.Parser.Instructions;
using Builder.Parser.Syntax;

namespace Builder.Parser.Lint.Checks;

/// <summary>BuildKit's checks on FROM lines: stage names, the AS keyword, --platform, and casing across the file.</summary>
internal static class StageChecks
{
    private static readonly string[] ReservedNames = ["scratch", "context"];

    public static void Run(LintContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in context.File.Stages)
        {
            var from = stage.From;
            if (from.StageName is { } name)
            {
                string lower = name.Value.ToLowerInvariant();
                if (name.Value != lower)
                {
                    context.Report(LintRules.StageNameCasing, name.Span, name.Value);
                }

                if (!seen.Add(lower))
                {
                    context.Report(LintRules.DuplicateStageName, name.Span, GoQuote.Quote(lower));
                }

                if (Array.IndexOf(ReservedNames, lower) >= 0)
                {
                    context.Report(LintRules.ReservedStageName, name.Span, GoQuote.Quote(lower));
                }

                CheckAsCasing(context, from);
            }

            if (from.Platform is { } platform)
            {
                CheckPlatform(context, from, platform);
            }
        }

        CheckInstructionCasing(context);
    }

    // A mixed-case FROM is ConsistentInstructionCasing's business; only a self-consistent one sets the case 'as' should have.
    private static void CheckAsCasing(LintContext context, FromInstruction from)
    {
        var args = from.Syntax.Arguments;
        if (args.Length < 3)
        {
            return;
        }

        string keyword = from.Syntax.Keyword.Value;
        var asToken = args[1];
        bool upper = keyword == keyword.ToUpperInvariant();
        bool lower = keyword == keyword.ToLowerInvariant();
        if ((upper && asToken.Value != asToken.Value.ToUpperInvariant()) || (lower && asToken.Value != asToken.Value.ToLowerInvariant()))
        {
            context.Report(LintRules.FromAsCasing, asToken.Span, asToken.Value, keyword);
        }
    }

    private static void CheckPlatform(LintContext context, FromInstruction from, SyntaxToken platform)
    {
        string value = platform.Value;
        if (value is "$TARGETPLATFORM" or "${TARGETPLATFORM}")
        {
            context.Report(LintRules.RedundantTargetPlatform, platform.Span, value);
            return;
        }

        if (value.IndexOf('$') >= 0)
        {
            return;
        }

        // A stage named after its platform (AS linux, AS build_amd64) pins it on purpose.
        string stageName = from.StageName?.Value.ToLowerInvariant() ?? string.Empty;
        foreach (var part in value.ToLowerInvariant().Split('/'))
        {
            if (part.Length > 0 && stageName.IndexOf(part, StringComparison.Ordinal) >= 0)
            {
                return;
            }
        }

        context.Report(LintRules.FromPlatformFlagConstDisallowed, platform.Span, GoQuote.Quote(value));
    }

    private static void CheckInstructionCasing(LintContext context)
    {
        int lowerCount = 0;
        int upperCount = 0;
        foreach (var instruction in context.File.Syntax.Instructions)
        {
            string keyword = instruction.Keyword.Value;
            if (!HasCase(keyword, upper: true))
            {
                lowerCount++;
            }
            else if (!HasCase(keyword, upper: false))
            {
                upperCount++;
            }
        }

        bool majorityLower = lowerCount > upperCount;
        foreach (var instruction in context.File.Syntax.Instructions)
        {
            string keyword = instruction.Keyword.Value;
            if (majorityLower && HasCase(keyword, upper: true))
            {
                context.Report(LintRules.ConsistentInstructionCasing, instruction.Keyword.Span, keyword, "lowercase");
            }
            else if (!majorityLower && HasCase(keyword, upper: false))
            {
                context.Report(LintRules.ConsistentInstructionCasing, instruction.Keyword.Span, keyword, "uppercase");
            }
        }
    }

    // Keywords are ASCII: a char test per letter instead of two case-mapped copies per instruction.
    private static bool HasCase(string word, bool upper)
    {
        foreach (char c in word)
        {
            if (upper ? c is >= 'A' and <= 'Z' : c is >= 'a' and <= 'z')
            {
                return true;
            }
        }

        return false;
    }
}
