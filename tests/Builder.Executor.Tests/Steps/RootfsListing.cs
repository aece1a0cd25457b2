using System.Text;
using Builder.TestKit;

namespace Builder.Executor.Tests.Steps;

/// <summary>An unpacked root filesystem as text: one line per path with type, mode, owner, and a file's content or a link's target (never mtimes).</summary>
internal static class RootfsListing
{
    public static string Of(string root)
    {
        var sb = new StringBuilder();
        var lines = ExternalTools.RunOk("find", root, "-mindepth", "1", "-printf", "%P\t%y\t%m\t%U:%G\t%l\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Order(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var f = line.Split('\t');
            sb.Append('/').Append(f[0]).Append(' ').Append(f[1]).Append(' ').Append(f[2]).Append(' ').Append(f[3]);
            if (f[1] == "l")
            {
                sb.Append(" -> ").Append(f[4]);
            }
            else if (f[1] == "f")
            {
                var bytes = File.ReadAllBytes(Path.Combine(root, f[0]));
                var text = bytes.Contains((byte)0)
                    ? $"{bytes.Length} bytes, sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}"
                    : Encoding.UTF8.GetString(bytes);
                sb.Append(" \"").Append((text.Length > 80 ? text[..80] + "…" : text).Replace("\n", "\\n", StringComparison.Ordinal)).Append('"');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
