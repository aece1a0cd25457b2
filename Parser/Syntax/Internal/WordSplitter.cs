using System.Collections.Immutable;
using System.Text;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// BuildKit's quote-aware word splitter for ARG and the ENV/LABEL form check: blanks separate
/// words except inside quotes; quotes and escape characters stay in the words (they are removed
/// later, by expansion).
/// </summary>
internal static class WordSplitter
{
    public readonly record struct Word(string Value, int Start, int End);

    public static ImmutableArray<Word> Split(string s, int start, int end, char escape)
    {
        var words = ImmutableArray.CreateBuilder<Word>();
        Split(s, start, end, escape, new StringBuilder(), words);
        return words.ToImmutable();
    }

    /// <summary>
    /// As above, into <paramref name="words"/> (cleared first), building each word in
    /// <paramref name="word"/>: the syntax parser reuses both for every line.
    /// </summary>
    public static void Split(string s, int start, int end, char escape, StringBuilder word, ImmutableArray<Word>.Builder words)
    {
        words.Clear();
        int p = start;
        while (p < end)
        {
            while (p < end && CharClass.IsSpace(s[p]))
            {
                p++;
            }

            if (p >= end)
            {
                break;
            }

            int wordStart = p;
            word.Clear();
            bool blankOk = false;
            bool inQuote = false;
            char quote = '\0';
            for (; p < end; p++)
            {
                char c = s[p];
                if (inQuote)
                {
                    if (c == quote)
                    {
                        inQuote = false;
                    }

                    // Single quotes cannot escape anything.
                    if (c == escape && quote != '\'')
                    {
                        if (p + 1 == end)
                        {
                            inQuote = false;
                            continue;
                        }

                        word.Append(c);
                        c = s[++p];
                    }

                    word.Append(c);
                    continue;
                }

                if (CharClass.IsSpace(c))
                {
                    break;
                }

                if (c == '\'' || c == '"')
                {
                    quote = c;
                    blankOk = true;
                    inQuote = true;
                }

                if (c == escape)
                {
                    if (p + 1 == end)
                    {
                        continue;
                    }

                    word.Append(c);
                    c = s[++p];
                }

                word.Append(c);
            }

            if (blankOk || word.Length > 0)
            {
                words.Add(new Word(word.ToString(), wordStart, p));
            }
        }
    }
}
