namespace Builder.Parser.Shell;

/// <summary>
/// Expands variables and removes quotes and escapes in a Dockerfile word the way BuildKit's
/// <c>frontend/dockerfile/shell</c> lexer does: <c>$NAME</c>, <c>${NAME}</c>, the modifiers
/// <c>- :- + :+ ? :? # ## % %% / //</c>, single and double quotes, and the escape token.
/// </summary>
/// <remarks>
/// <para>
/// Instances are immutable and may be shared between threads. Bad input never throws: it is
/// reported in the result's <c>Error</c>.
/// </para>
/// <para>
/// Known differences from BuildKit, all outside its tests: error messages are not wrapped in
/// <c>failed to process "…":</c> (the offset says where); <c>${NAME</c> cut off right after the
/// name is "missing '}'" rather than "unsupported modifier (\uFFFD)"; an invalid <c>%</c> pattern is
/// quoted as written, not reversed; <see cref="ProcessWords"/> also reports matched and unmatched
/// names; and word splitting keeps the text before a <c>${v:-w}</c>-style expansion in the same
/// word (some BuildKit versions share one word buffer with the nested word and drop it).
/// </para>
/// </remarks>
public sealed class ShellLexer
{
    /// <param name="escapeToken">The Dockerfile escape character: <c>\</c> (default) or <c>`</c>.</param>
    public ShellLexer(char escapeToken = '\\')
    {
        if (escapeToken != '\\' && escapeToken != '`')
        {
            throw new ArgumentOutOfRangeException(nameof(escapeToken), escapeToken, "The escape token must be '\\' or '`'.");
        }

        EscapeToken = escapeToken;
    }

    public char EscapeToken { get; }

    /// <summary>Keep the quote characters in the output (quoted text is still not expanded or split).</summary>
    public bool RawQuotes { get; init; }

    /// <summary>Keep escape tokens in the output (the escaped character is still taken literally).</summary>
    public bool RawEscapes { get; init; }

    /// <summary>Leave references to unset variables as written (<c>$X</c>, <c>${X:-y}</c>) instead of expanding them.</summary>
    public bool SkipUnsetEnv { get; init; }

    /// <summary>Treat <c>'</c> and <c>"</c> as ordinary characters.</summary>
    public bool SkipProcessQuotes { get; init; }

    /// <summary>Expands <paramref name="word"/> into a single string, without word splitting.</summary>
    public ShellWordResult ProcessWord(string word, IShellEnvironment env)
    {
        if (word is null)
        {
            throw new ArgumentNullException(nameof(word));
        }

        if (env is null)
        {
            throw new ArgumentNullException(nameof(env));
        }

        return ShellWordProcessor.ProcessWord(this, word, env);
    }

    /// <summary>
    /// Expands <paramref name="word"/> and splits the result into words at unquoted, unescaped
    /// white space (including white space that comes from an unquoted variable's value).
    /// </summary>
    public ShellWordsResult ProcessWords(string word, IShellEnvironment env)
    {
        if (word is null)
        {
            throw new ArgumentNullException(nameof(word));
        }

        if (env is null)
        {
            throw new ArgumentNullException(nameof(env));
        }

        return ShellWordProcessor.ProcessWords(this, word, env);
    }
}
