using Builder.Parser.Ignore;
using Builder.Parser.Instructions;
using Builder.Parser.Syntax;

namespace Builder.Parser.Lint.Checks;

/// <summary>CopyIgnoredFile: a COPY/ADD source from the build context that <c>.dockerignore</c> excludes.</summary>
internal static class CopyIgnoredFileCheck
{
    public static void Run(LintContext context)
    {
        if (context.Options.DockerIgnore is not { } ignore || !context.IsEnabled(LintRules.CopyIgnoredFile))
        {
            return;
        }

        var created = ignore.CreateMatcher();
        if (!created.Succeeded)
        {
            return;
        }

        var matcher = created.Matcher;
        foreach (var instruction in context.File.Stages.SelectMany(s => s.Instructions))
        {
            switch (instruction)
            {
                case CopyInstruction { From: null } copy:
                    Check(context, matcher, "Copy", copy.Sources);
                    break;
                case AddInstruction add:
                    Check(context, matcher, "Add", add.Sources.Where(s => !IsRemote(s.Value)));
                    break;
            }
        }
    }

    private static void Check(LintContext context, PatternMatcher matcher, string verb, IEnumerable<SyntaxToken> sources)
    {
        foreach (var source in sources)
        {
            string path = GoPath.Clean("/" + source.Value).TrimStart('/');
            if (path.Length == 0)
            {
                path = ".";
            }

            bool ignored = path == "." ? ExcludesWholeContext(matcher) : matcher.MatchesOrParentMatches(path).IsMatch;
            if (ignored)
            {
                context.Report(LintRules.CopyIgnoredFile, source.Span, verb, GoQuote.Quote(source.Value));
            }
        }
    }

    // The context root itself is "ignored" only when nothing of it would be sent: every name,
    // dotfiles included, is excluded and no '!' pattern brings anything back (BuildKit warns for
    // '*' but not for '.*' or '**' with '!Dockerfile').
    private static bool ExcludesWholeContext(PatternMatcher matcher) =>
        !matcher.HasExclusions && matcher.Matches("any-name").IsMatch && matcher.Matches(".any-dotfile").IsMatch;

    private static bool IsRemote(string source) =>
        source.IndexOf("://", StringComparison.Ordinal) >= 0 || source.StartsWith("git@", StringComparison.Ordinal);
}
