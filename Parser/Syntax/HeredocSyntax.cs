using Builder.Parser.Text;

namespace Builder.Parser.Syntax;

/// <summary>
/// A here-document attached to RUN, COPY or ADD. <see cref="Content"/> is the raw body with its
/// line breaks and without tab stripping: like BuildKit, <c>&lt;&lt;-</c> tabs are stripped only when
/// the instruction is executed (<see cref="ChompedContent"/>).
/// </summary>
public sealed record HeredocSyntax(
    string Name,
    SyntaxToken Word,
    bool Expand,
    bool Chomp,
    int FileDescriptor,
    string Content,
    TextSpan BodySpan,
    TextSpan TerminatorSpan)
{
    public string ChompedContent => Chomp ? StripLeadingTabs(Content) : Content;

    private static string StripLeadingTabs(string content)
    {
        var sb = new System.Text.StringBuilder(content.Length);
        bool lineStart = true;
        foreach (char c in content)
        {
            if (lineStart && c == '\t')
            {
                continue;
            }

            lineStart = c == '\n';
            sb.Append(c);
        }

        return sb.ToString();
    }
}
