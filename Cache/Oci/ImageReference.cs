using System.Diagnostics.CodeAnalysis;
using Sprache;
using SpracheParse = Sprache.Parse;

namespace Builder.Cache.Oci;

/// <summary>
/// An image reference <c>[registry[:port]/]name[:tag][@digest]</c>, normalised as Docker does:
/// <c>busybox</c> is <c>docker.io/library/busybox:latest</c>; the first component is a registry
/// only when it holds a '.' or ':' or is <c>localhost</c>.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, Digest? Digest)
{
    public const string DockerHub = "docker.io";
    public const string DefaultTag = "latest";

    /// <summary>The repository with its registry, e.g. <c>docker.io/library/busybox</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        error = $"invalid reference format: \"{text}\" (expected [registry[:port]/]name[:tag][@sha256:digest], name in lowercase)";

        // Cut the reference at its delimiters first ('@' digest, then a ':' after the last '/'),
        // then check each piece against its own small grammar.
        string rest = text;
        Digest? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (!Oci.Digest.TryParse(rest.Substring(at + 1), out var d))
            {
                error = $"invalid digest in \"{text}\": expected sha256: followed by 64 lowercase hex digits";
                return false;
            }

            digest = d;
            rest = rest.Substring(0, at);
        }

        string? tag = null;
        int colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest.Substring(colon + 1);
            rest = rest.Substring(0, colon);
            if (!ReferenceGrammar.Tag.End().TryParse(tag).WasSuccessful)
            {
                error = $"invalid tag \"{tag}\" in \"{text}\": up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'";
                return false;
            }
        }

        var components = rest.Split('/').ToList();
        string registry = DockerHub;
        if (components.Count > 1 && IsRegistry(components[0]))
        {
            if (!ReferenceGrammar.Domain.End().TryParse(components[0]).WasSuccessful)
            {
                return false;
            }

            registry = components[0] == "index.docker.io" ? DockerHub : components[0];
            components.RemoveAt(0);
        }

        foreach (var component in components)
        {
            if (!ReferenceGrammar.PathComponent.End().TryParse(component).WasSuccessful)
            {
                return false;
            }

            if (component.Any(char.IsUpper))
            {
                error = $"invalid reference format: repository name must be lowercase: \"{text}\"";
                return false;
            }
        }

        string repository = string.Join("/", components);
        if (registry == DockerHub && components.Count == 1)
        {
            repository = "library/" + repository;
        }

        if (repository.Length > 255)
        {
            error = $"invalid reference format: repository name must not be more than 255 characters: \"{text}\"";
            return false;
        }

        reference = new ImageReference(registry, repository, tag ?? (digest is null ? DefaultTag : null), digest);
        error = null;
        return true;
    }

    private static bool IsRegistry(string component) =>
        component.Contains('.') || component.Contains(':') || component == "localhost" || component.Any(char.IsUpper);

    /// <summary>The full form: <c>docker.io/library/busybox:latest</c>.</summary>
    public override string ToString()
    {
        var s = Name;
        if (Tag is not null)
        {
            s += ":" + Tag;
        }

        if (Digest is { } d)
        {
            s += "@" + d;
        }

        return s;
    }

    /// <summary>The short form Docker shows: <c>busybox:latest</c>, <c>me/app:1</c>.</summary>
    public string ToFamiliarString()
    {
        string name = Registry == DockerHub
            ? (Repository.StartsWith("library/", StringComparison.Ordinal) ? Repository.Substring(8) : Repository)
            : Name;
        return Tag is null ? (Digest is { } d ? $"{name}@{d}" : name) : $"{name}:{Tag}";
    }

    /// <summary>The same repository with another tag (and no digest).</summary>
    public ImageReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    public bool IsValidTag(string tag) => ReferenceGrammar.Tag.End().TryParse(tag).WasSuccessful;

    private static class ReferenceGrammar
    {
        private static readonly Parser<char> AlphaNumeric = SpracheParse.Char(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'), "alphanumeric");

        private static readonly Parser<string> Separator =
            SpracheParse.String("__").Text()
                .Or(SpracheParse.Char('_').Once().Text())
                .Or(SpracheParse.Char('.').Once().Text())
                .Or(SpracheParse.Char('-').AtLeastOnce().Text());

        // alnum+ (separator alnum+)*; uppercase accepted here and rejected with a clear message later.
        public static readonly Parser<string> PathComponent =
            from first in AlphaNumeric.AtLeastOnce().Text()
            from rest in (from sep in Separator from more in AlphaNumeric.AtLeastOnce().Text() select sep + more).Many()
            select first + string.Concat(rest);

        private static readonly Parser<string> HostLabel =
            from first in AlphaNumeric.Once().Text()
            from rest in SpracheParse.Char(c => char.IsLetterOrDigit(c) && c < 128 || c == '-', "host character").Many().Text()
            where !rest.EndsWith('-')
            select first + rest;

        private static readonly Parser<string> Port =
            from colon in SpracheParse.Char(':')
            from digits in SpracheParse.Digit.AtLeastOnce().Text()
            select ":" + digits;

        // A registry: host labels joined by '.', optional port.
        public static readonly Parser<string> Domain =
            from host in HostLabel.DelimitedBy(SpracheParse.Char('.')).Select(parts => string.Join(".", parts))
            from port in Port.Optional()
            select host + port.GetOrElse(string.Empty);

        public static readonly Parser<string> Tag =
            from first in SpracheParse.Char(c => char.IsLetterOrDigit(c) && c < 128 || c == '_', "tag character")
            from rest in SpracheParse.Char(c => (char.IsLetterOrDigit(c) && c < 128) || c == '_' || c == '.' || c == '-', "tag character").Many().Text()
            where rest.Length <= 127
            select first + rest;
    }
}
