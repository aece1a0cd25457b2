using System.Collections.Immutable;
using Builder.Parser.Syntax.Internal;

namespace Builder.Parser.Syntax;

/// <summary>A directive found by <see cref="DirectiveReader"/>; <see cref="Line"/> is one-based.</summary>
public sealed record DirectiveValue(string Name, string Value, int Line)
{
    /// <summary>The value up to its first space: the frontend reference of <c># syntax=</c>, the rule list of <c># check=</c>.</summary>
    public string Reference
    {
        get
        {
            int space = Value.IndexOf(' ');
            return space < 0 ? Value : Value.Substring(0, space);
        }
    }
}

/// <summary>
/// Reads parser directives without parsing the whole file, the way a build frontend picks its
/// syntax: <c># key=value</c> lines at the top, then (for <c>syntax</c> only) <c>// key=value</c>
/// lines or a JSON object; a leading BOM and <c>#!</c> line are skipped.
/// </summary>
public static class DirectiveReader
{
    private static readonly string[] Known = ["syntax", "escape", "check"];

    /// <summary>The directives at the top of <paramref name="text"/>; a repeated name ends the scan with an error.</summary>
    public static ImmutableArray<DirectiveValue> ParseAll(string text, out string? error) =>
        ParseAll(text, "#", 0, out error);

    /// <summary>The <c>syntax</c> directive in any of its accepted forms.</summary>
    public static DirectiveValue? DetectSyntax(string text) => Find("syntax", text, anyFormat: true);

    /// <summary>A directive in its <c>#</c> form only (for example <c>check</c>).</summary>
    public static DirectiveValue? Find(string name, string text) => Find(name, text, anyFormat: false);

    private static DirectiveValue? Find(string name, string text, bool anyFormat)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        int line = 0;
        int newline = text.IndexOf('\n');
        string firstLine = newline < 0 ? text : text.Substring(0, newline);
        if (firstLine.StartsWith("#!", StringComparison.Ordinal))
        {
            text = newline < 0 ? string.Empty : text.Substring(newline + 1);
            line = 1;
        }

        var found = FindIn(ParseAll(text, "#", line, out _), name);
        if (found is not null || !anyFormat)
        {
            return found;
        }

        found = FindIn(ParseAll(text, "//", line, out _), name);
        if (found is not null)
        {
            return found;
        }

        if (JsonArrayParser.TryReadObjectStrings(text, out var members) && members.TryGetValue(name, out var value))
        {
            return new DirectiveValue(name, value, line);
        }

        return null;
    }

    private static DirectiveValue? FindIn(ImmutableArray<DirectiveValue> directives, string name)
    {
        foreach (var d in directives)
        {
            if (d.Name == name)
            {
                return d;
            }
        }

        return null;
    }

    private static ImmutableArray<DirectiveValue> ParseAll(string text, string prefix, int lineOffset, out string? error)
    {
        error = null;
        var result = ImmutableArray.CreateBuilder<DirectiveValue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int line = lineOffset;
        int pos = 0;
        while (pos < text.Length)
        {
            int nl = text.IndexOf('\n', pos);
            int end = nl < 0 ? text.Length : nl;
            int contentEnd = end > pos && text[end - 1] == '\r' ? end - 1 : end;
            line++;
            if (!DirectiveMatcher.TryMatch(text, pos, contentEnd, prefix, out var m))
            {
                break;
            }

            string name = text.Substring(m.NameStart, m.NameEnd - m.NameStart).ToLowerInvariant();
            if (Array.IndexOf(Known, name) < 0)
            {
                break;
            }

            if (!seen.Add(name))
            {
                error = $"only one {name} parser directive can be used";
                break;
            }

            result.Add(new DirectiveValue(name, text.Substring(m.ValueStart, m.ValueEnd - m.ValueStart), line));
            pos = nl < 0 ? text.Length : nl + 1;
        }

        return result.ToImmutable();
    }
}
