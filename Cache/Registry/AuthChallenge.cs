using System.Collections.Immutable;
using System.Net.Http.Headers;
using System.Text;

namespace Builder.Cache.Registry;

/// <summary>A <c>WWW-Authenticate</c> challenge: <c>Basic realm="x"</c> or <c>Bearer realm="…",service="…",scope="…"</c>.</summary>
internal sealed record AuthChallenge(string Scheme, ImmutableDictionary<string, string> Parameters)
{
    public string? this[string key] => Parameters.TryGetValue(key, out var v) ? v : null;

    public static AuthChallenge? From(HttpResponseHeaders headers)
    {
        var header = headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            ?? headers.WwwAuthenticate.FirstOrDefault();
        return header is null ? null : new AuthChallenge(header.Scheme, ParseParameters(header.Parameter ?? ""));
    }

    /// <summary>key=value or key="value" pairs separated by commas; quoted values may hold commas (<c>scope="repository:a:pull,push"</c>).</summary>
    internal static ImmutableDictionary<string, string> ParseParameters(string text)
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || text[i] == ' '))
            {
                i++;
            }

            int eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var key = text.Substring(i, eq - i).Trim();
            i = eq + 1;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                }

                i++;
            }
            else
            {
                for (; i < text.Length && text[i] != ','; i++)
                {
                    value.Append(text[i]);
                }
            }

            result[key] = value.ToString().Trim();
        }

        return result.ToImmutable();
    }
}
