namespace Builder.Parser.Lint.Checks;

/// <summary>
/// The shape of an image reference (<c>[host[:port]/]path[:tag][@digest]</c>) as the distribution
/// reference grammar defines it; enough to tell an empty or broken FROM after expansion.
/// </summary>
internal static class ImageReference
{
    public static bool IsValid(string reference)
    {
        if (reference.Length == 0)
        {
            return false;
        }

        string rest = reference;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (!IsDigest(rest.Substring(at + 1)))
            {
                return false;
            }

            rest = rest.Substring(0, at);
        }

        int slash = rest.LastIndexOf('/');
        int colon = rest.LastIndexOf(':');
        if (colon > slash)
        {
            if (!IsTag(rest.Substring(colon + 1)))
            {
                return false;
            }

            rest = rest.Substring(0, colon);
        }

        var parts = rest.Split('/');
        int first = parts.Length > 1 && IsDomain(parts[0]) ? 1 : 0;
        for (int i = first; i < parts.Length; i++)
        {
            if (!IsPathComponent(parts[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTag(string tag) =>
        tag.Length is > 0 and <= 128 && IsWord(tag[0]) && tag.All(c => IsWord(c) || c == '.' || c == '-');

    private static bool IsDigest(string digest)
    {
        int colon = digest.IndexOf(':');
        return colon > 0 && colon < digest.Length - 1;
    }

    private static bool IsDomain(string part) =>
        part.IndexOf('.') >= 0 || part.IndexOf(':') >= 0 || part == "localhost" || part.Any(char.IsUpper);

    // Lowercase alphanumerics separated by '.', '_', '__' or dashes.
    private static bool IsPathComponent(string part)
    {
        if (part.Length == 0 || !IsLowerAlnum(part[0]) || !IsLowerAlnum(part[part.Length - 1]))
        {
            return false;
        }

        for (int i = 1; i < part.Length - 1; i++)
        {
            char c = part[i];
            if (!IsLowerAlnum(c) && c != '.' && c != '_' && c != '-')
            {
                return false;
            }
        }

        return part.IndexOf("..", StringComparison.Ordinal) < 0 && part.IndexOf("___", StringComparison.Ordinal) < 0;
    }

    private static bool IsLowerAlnum(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    private static bool IsWord(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';
}
