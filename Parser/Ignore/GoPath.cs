using System.Text;

namespace Builder.Parser.Ignore;

/// <summary>
/// The pieces of Go's <c>path/filepath</c> (Unix flavour) and <c>strings</c> that the ignore-file
/// rules are defined in terms of. Kept separate so the rules read like their specification.
/// </summary>
internal static class GoPath
{
    /// <summary>
    /// Lexical path cleaning with Go's rules: repeated slashes collapse, <c>.</c> elements vanish,
    /// <c>..</c> eats the element before it (and is dropped right after a leading <c>/</c>), a
    /// trailing slash goes, and an empty result becomes <c>.</c>. Returns the input instance when
    /// it is already clean, so the common case does not allocate.
    /// </summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        if (IsClean(path.AsSpan()))
        {
            return path;
        }

        return CleanSlow(path);
    }

    /// <summary>True when <see cref="Clean"/> would return <paramref name="path"/> unchanged.</summary>
    public static bool IsClean(ReadOnlySpan<char> path)
    {
        if (path.Length == 0)
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true; // "/", "." and any single character are already clean
        }

        if (path[path.Length - 1] == '/')
        {
            return false;
        }

        int elementStart = path[0] == '/' ? 1 : 0;
        for (int i = elementStart; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                continue;
            }

            int length = i - elementStart;
            if (length == 0)
            {
                return false; // "//"
            }

            if (path[elementStart] == '.' && (length == 1 || (length == 2 && path[elementStart + 1] == '.')))
            {
                // "." is never kept; ".." is kept only in a relative path, before any real element.
                if (length == 1 || !OnlyDotDotBefore(path, elementStart))
                {
                    return false;
                }
            }

            elementStart = i + 1;
        }

        return true;
    }

    private static bool OnlyDotDotBefore(ReadOnlySpan<char> path, int end)
    {
        if (path[0] == '/')
        {
            return false;
        }

        // Elements before `end` are all "..": the prefix is "../../" repeated.
        for (int i = 0; i < end; i += 3)
        {
            if (path[i] != '.' || path[i + 1] != '.' || path[i + 2] != '/')
            {
                return false;
            }
        }

        return true;
    }

    private static string CleanSlow(string path)
    {
        bool rooted = path[0] == '/';
        var output = new StringBuilder(path.Length);
        int read = 0;

        // Length of the output prefix that ".." may not remove: "/" or a run of leading "..".
        int floor = 0;
        if (rooted)
        {
            output.Append('/');
            read = 1;
            floor = 1;
        }

        while (read < path.Length)
        {
            int end = path.IndexOf('/', read);
            if (end < 0)
            {
                end = path.Length;
            }

            int length = end - read;
            bool isDot = length == 1 && path[read] == '.';
            bool isDotDot = length == 2 && path[read] == '.' && path[read + 1] == '.';
            if (length == 0 || isDot)
            {
                // Empty element (from "//") or ".": nothing to keep.
            }
            else if (isDotDot)
            {
                if (output.Length > floor)
                {
                    int cut = output.Length - 1;
                    while (cut > floor && output[cut] != '/')
                    {
                        cut--;
                    }

                    output.Length = cut;
                }
                else if (!rooted)
                {
                    if (output.Length > 0)
                    {
                        output.Append('/');
                    }

                    output.Append("..");
                    floor = output.Length;
                }
            }
            else
            {
                if (output.Length > (rooted ? 1 : 0))
                {
                    output.Append('/');
                }

                output.Append(path, read, length);
            }

            read = end + 1;
        }

        return output.Length == 0 ? "." : output.ToString();
    }

    /// <summary>
    /// Go's <c>filepath.Dir</c>: everything before the last slash, cleaned. The result is a span
    /// over <paramref name="path"/> when no cleaning is needed, and over a new string otherwise.
    /// </summary>
    public static ReadOnlySpan<char> Dir(string path)
    {
        int slash = path.LastIndexOf('/');
        if (slash < 0)
        {
            return ".".AsSpan();
        }

        if (slash == 0)
        {
            return path.AsSpan(0, 1);
        }

        var head = path.AsSpan(0, slash);
        return IsClean(head) ? head : Clean(path.Substring(0, slash + 1)).AsSpan();
    }

    /// <summary>
    /// The length of the first <paramref name="count"/> slash-separated elements of
    /// <paramref name="path"/>, i.e. of <c>strings.Join(strings.Split(path, "/")[:count], "/")</c>,
    /// or -1 when the path has fewer elements.
    /// </summary>
    public static int PrefixLength(ReadOnlySpan<char> path, int count)
    {
        int seen = 0;
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == '/' && ++seen == count)
            {
                return i;
            }
        }

        return seen + 1 == count ? path.Length : -1;
    }

    /// <summary>Go's <c>strings.TrimSpace</c>: trims characters with the Unicode White_Space property.</summary>
    public static string TrimSpace(string s)
    {
        int start = 0;
        int end = s.Length;
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }

        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return start == 0 && end == s.Length ? s : s.Substring(start, end - start);
    }

    /// <summary>Go's <c>unicode.IsSpace</c>. Every such character is in the BMP.</summary>
    public static bool IsSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u0085' or '\u00A0' => true,
        '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        _ => c >= '\u2000' && c <= '\u200A',
    };
}
