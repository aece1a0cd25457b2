using System.Collections.Immutable;
using Builder.Parser.Shell;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// Finds the here-document openers (<c>[fd]&lt;&lt;[-]WORD</c>) of an instruction line, the way
/// BuildKit does: split the line into raw shell words, then read each word that looks like an
/// opener. A quoted delimiter (any quote in WORD) turns expansion of the body off.
/// </summary>
internal static class HeredocScanner
{
    private static readonly ShellLexer LineLexer = new('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };
    private static readonly ShellLexer WordLexer = new('\\') { SkipUnsetEnv = true };
    private static readonly ShellLexer RawWordLexer = new('\\') { SkipUnsetEnv = true, RawQuotes = true };

    public readonly record struct Opener(string Name, SyntaxToken Word, bool Expand, bool Chomp, int FileDescriptor);

    public static ImmutableArray<Opener> FromLine(LogicalLine line, out string? error)
    {
        error = null;
        string text = line.Text;
        if (text.IndexOf("<<", StringComparison.Ordinal) < 0)
        {
            return ImmutableArray<Opener>.Empty;
        }

        var words = LineLexer.ProcessWords(text, ShellEnvironment.Empty);
        if (!words.Success)
        {
            return ImmutableArray<Opener>.Empty;
        }

        // Most lines with "<<" hold one opener: start with room for one, grow if there are more.
        ImmutableArray<Opener>.Builder? openers = null;
        int cursor = 0;
        foreach (var word in words.Words)
        {
            // The word starts after the blanks at the cursor when the lexer kept it verbatim. A
            // rewritten one (${a//b/c} comes back as ${a/b/c}) is looked for only a little further,
            // so that a long line of them is not searched to its end once per word.
            int p = CharClass.SkipSpaces(text, cursor, text.Length);
            int at = string.CompareOrdinal(text, p, word, 0, word.Length) == 0
                ? p
                : text.IndexOf(word, p, Math.Min(text.Length - p, word.Length + 256), StringComparison.Ordinal);
            int start = at < 0 ? p : at;
            cursor = at >= 0 ? at + word.Length : SkipNonSpaces(text, p);

            var span = line.ToSourceSpan(start, at < 0 ? start : start + word.Length);
            var parsed = ParseWord(word, out error);
            if (error is not null)
            {
                return ImmutableArray<Opener>.Empty;
            }

            if (parsed is { } opener)
            {
                (openers ??= ImmutableArray.CreateBuilder<Opener>(1)).Add(opener with { Word = new SyntaxToken(word, span) });
            }
        }

        return openers is null ? ImmutableArray<Opener>.Empty : openers.DrainToImmutable();
    }

    private static int SkipNonSpaces(string text, int p)
    {
        while (p < text.Length && !CharClass.IsSpace(text[p]))
        {
            p++;
        }

        return p;
    }

    /// <summary>Reads one word as an opener; null when it is not one, <paramref name="error"/> when it is malformed.</summary>
    public static Opener? ParseWord(string word, out string? error)
    {
        error = null;
        int p = 0;
        while (p < word.Length && word[p] >= '0' && word[p] <= '9')
        {
            p++;
        }

        int digitsEnd = p;
        if (word.Length - p < 2 || word[p] != '<' || word[p + 1] != '<')
        {
            return null;
        }

        p += 2;
        bool chomp = p < word.Length && word[p] == '-';
        if (chomp)
        {
            p++;
        }

        // The line lexer keeps blanks after "<<" inside the word ("<< EOF"); they are not part of the name.
        while (p < word.Length && CharClass.IsRegexSpace(word[p]))
        {
            p++;
        }

        if (word.IndexOf('<', p) >= 0 || p >= word.Length)
        {
            return null;
        }

        string rest = word.Substring(p);
        var cooked = WordLexer.ProcessWords(rest, ShellEnvironment.Empty);
        if (!cooked.Success)
        {
            error = cooked.Error!.Message;
            return null;
        }

        if (cooked.Words.Length != 1)
        {
            return null;
        }

        var raw = RawWordLexer.ProcessWords(rest, ShellEnvironment.Empty);
        if (!raw.Success || raw.Words.Length != 1)
        {
            error = $"internal lexing of heredoc produced inconsistent results: {rest}";
            return null;
        }

        string name = cooked.Words[0];
        bool expand = CountQuotes(name) == CountQuotes(raw.Words[0]);
        int fd = 0;
        if (digitsEnd > 0 && !int.TryParse(word.Substring(0, digitsEnd), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out fd))
        {
            fd = 0;
        }

        return new Opener(name, default, expand, chomp, fd);
    }

    private static int CountQuotes(string s)
    {
        int n = 0;
        foreach (char c in s)
        {
            if (c == '\'' || c == '"')
            {
                n++;
            }
        }

        return n;
    }
}
