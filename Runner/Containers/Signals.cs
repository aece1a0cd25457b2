using System.Collections.Frozen;
using System.Globalization;

namespace Builder.Runner.Containers;

/// <summary>Signal names as STOPSIGNAL and <c>kill -s</c> take them (SIGTERM, TERM, 15) → Linux numbers.</summary>
internal static class Signals
{
    private static readonly FrozenDictionary<string, int> Numbers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["BUS"] = 7, ["FPE"] = 8,
        ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14, ["TERM"] = 15,
        ["STKFLT"] = 16, ["CHLD"] = 17, ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21, ["TTOU"] = 22,
        ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28, ["IO"] = 29, ["PWR"] = 30, ["SYS"] = 31,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static int Parse(string text)
    {
        var name = text.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        if (Numbers.TryGetValue(name, out var number))
        {
            return number;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number is > 0 and < 65)
        {
            return number;
        }

        throw new RunnerException($"invalid signal \"{text}\": give a name such as SIGTERM or KILL, or a number from 1 to 64.");
    }
}
