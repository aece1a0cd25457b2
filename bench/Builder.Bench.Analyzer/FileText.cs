using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Builder.Bench.Analyzer;

/// <summary>An additional file read from disk once, as the compiler hands it to analyzers.</summary>
internal sealed class FileText(string path) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(File.ReadAllText(path));

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
