using System.Collections.Immutable;

namespace Builder.Executor;

/// <summary>
/// The <c>KEY=VALUE,KEY=VALUE</c> form of docker's <c>--output</c>, <c>--cache-to</c> and
/// <c>--cache-from</c>: keys and values trimmed, a repeated key keeps its last value.
/// </summary>
public static class OptionFields
{
    /// <summary>False, with the first part that is not <c>KEY=VALUE</c>, when there is one.</summary>
    public static bool TryParse(string text, out ImmutableDictionary<string, string> fields, out string badPart)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                fields = ImmutableDictionary<string, string>.Empty;
                badPart = part;
                return false;
            }

            builder[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        fields = builder.ToImmutable();
        badPart = string.Empty;
        return true;
    }
}
