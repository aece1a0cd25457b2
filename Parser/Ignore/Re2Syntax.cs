using System.Globalization;

namespace Builder.Parser.Ignore;

/// <summary>Zero-width assertions of RE2 without the multi-line flag.</summary>
internal enum Re2Assertion : byte
{
    BeginText,
    EndText,
    WordBoundary,
    NotWordBoundary,
}

/// <summary>A parsed regular expression.</summary>
internal abstract class Re2Node
{
}

internal sealed class Re2SetNode(Re2CharSet set) : Re2Node
{
    public Re2CharSet Set { get; } = set;
}

internal sealed class Re2AssertNode(Re2Assertion kind) : Re2Node
{
    public Re2Assertion Kind { get; } = kind;
}

internal sealed class Re2ConcatNode(List<Re2Node> items) : Re2Node
{
    public List<Re2Node> Items { get; } = items;
}

internal sealed class Re2AlternateNode(List<Re2Node> branches) : Re2Node
{
    public List<Re2Node> Branches { get; } = branches;
}

/// <summary><c>x*</c>, <c>x+</c>, <c>x?</c> and <c>x{min,max}</c>; <see cref="Max"/> is -1 when unbounded.</summary>
internal sealed class Re2RepeatNode(Re2Node sub, int min, int max) : Re2Node
{
    public Re2Node Sub { get; } = sub;

    public int Min { get; } = min;

    public int Max { get; } = max;
}

/// <summary>The named classes RE2 knows, as sorted [lo, hi] pairs (all ASCII).</summary>
internal static class Re2Classes
{
    private static readonly Dictionary<string, int[]> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = new int[] { '0', '9', 'A', 'Z', 'a', 'z' },
        ["alpha"] = new int[] { 'A', 'Z', 'a', 'z' },
        ["ascii"] = new int[] { 0, 0x7F },
        ["blank"] = new int[] { '\t', '\t', ' ', ' ' },
        ["cntrl"] = new int[] { 0, 0x1F, 0x7F, 0x7F },
        ["digit"] = new int[] { '0', '9' },
        ["graph"] = new int[] { '!', '~' },
        ["lower"] = new int[] { 'a', 'z' },
        ["print"] = new int[] { ' ', '~' },
        ["punct"] = new int[] { '!', '/', ':', '@', '[', '`', '{', '~' },
        ["space"] = new int[] { '\t', '\r', ' ', ' ' },
        ["upper"] = new int[] { 'A', 'Z' },
        ["word"] = new int[] { '0', '9', 'A', 'Z', '_', '_', 'a', 'z' },
        ["xdigit"] = new int[] { '0', '9', 'A', 'F', 'a', 'f' },
    };

    private static readonly int[] Digit = { '0', '9' };
    private static readonly int[] Space = { '\t', '\n', '\f', '\r', ' ', ' ' };
    private static readonly int[] Word = { '0', '9', 'A', 'Z', '_', '_', 'a', 'z' };

    /// <summary>
    /// Resolves <c>[:name:]</c> or <c>[:^name:]</c> (the text between the outer brackets included).
    /// </summary>
    public static bool TryPosix(string bracketed, out int[] ranges, out bool negated)
    {
        string name = bracketed.Substring(2, bracketed.Length - 4);
        negated = name.Length > 0 && name[0] == '^';
        return Posix.TryGetValue(negated ? name.Substring(1) : name, out ranges!);
    }

    /// <summary>Resolves the letter of <c>\d \D \s \S \w \W</c>.</summary>
    public static bool TryPerl(char letter, out int[] ranges, out bool negated)
    {
        negated = char.IsUpper(letter);
        ranges = char.ToLowerInvariant(letter) switch
        {
            'd' => Digit,
            's' => Space,
            'w' => Word,
            _ => null!,
        };
        return ranges is not null;
    }

    /// <summary>
    /// A Unicode general category by Go's name (<c>L</c>, <c>Lu</c>, ...) as a bit mask over
    /// <see cref="UnicodeCategory"/>, or 0 when the name is unknown. Go's <c>C</c> leaves out
    /// unassigned code points.
    /// </summary>
    public static uint Category(string name)
    {
        switch (name)
        {
            case "L": return Mask(UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter, UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter);
            case "M": return Mask(UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark);
            case "N": return Mask(UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber);
            case "P":
                return Mask(UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.OpenPunctuation, UnicodeCategory.ClosePunctuation,
                    UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.FinalQuotePunctuation, UnicodeCategory.OtherPunctuation);
            case "S": return Mask(UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol, UnicodeCategory.OtherSymbol);
            case "Z": return Mask(UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator);
            case "C": return Mask(UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.Surrogate, UnicodeCategory.PrivateUse);
        }

        int index = Array.IndexOf(TwoLetterNames, name);
        return index >= 0 ? 1u << (int)TwoLetterCategories[index] : 0;
    }

    private static readonly string[] TwoLetterNames =
    {
        "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co",
        "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So",
    };

    private static readonly UnicodeCategory[] TwoLetterCategories =
    {
        UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter, UnicodeCategory.ModifierLetter,
        UnicodeCategory.OtherLetter, UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark,
        UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber, UnicodeCategory.SpaceSeparator,
        UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator, UnicodeCategory.Control, UnicodeCategory.Format,
        UnicodeCategory.Surrogate, UnicodeCategory.PrivateUse, UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation,
        UnicodeCategory.OpenPunctuation, UnicodeCategory.ClosePunctuation, UnicodeCategory.InitialQuotePunctuation,
        UnicodeCategory.FinalQuotePunctuation, UnicodeCategory.OtherPunctuation, UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol,
        UnicodeCategory.ModifierSymbol, UnicodeCategory.OtherSymbol,
    };

    private static uint Mask(params UnicodeCategory[] categories)
    {
        uint mask = 0;
        foreach (var category in categories)
        {
            mask |= 1u << (int)category;
        }

        return mask;
    }
}
