using System.Collections.Immutable;
using System.Text;
using Builder.Parser.Diagnostics;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// The working storage of one parse: builders that every instruction reuses and whose results
/// are copied out exactly sized (ToImmutable, ToString). One instance is kept per thread, so
/// parsing many small files (a monorepo, the analyzer over a solution) does not grow them anew
/// for each file.
/// </summary>
/// <remarks>
/// Rules for users: a builder's content is copied out before anything else can reuse that
/// builder (ONBUILD parses its trigger with the same storage, after its own flags are read).
/// <see cref="Return"/> clears every builder, so a cached instance never keeps a tree alive.
/// </remarks>
internal sealed class ParserScratch
{
    // Buffers grown past these sizes by an unusual file are let go rather than kept on the thread.
    private const int MaxCachedChars = 16 * 1024;
    private const int MaxCachedItems = 4 * 1024;

    [ThreadStatic]
    private static ParserScratch? t_cached;

    /// <summary>Joining continuation lines, unquoting flags, splitting words.</summary>
    public StringBuilder Text { get; } = new();

    public LogicalLine Logical { get; } = new();

    public ImmutableArray<SyntaxNode>.Builder Nodes { get; } = ImmutableArray.CreateBuilder<SyntaxNode>();

    public ImmutableArray<Diagnostic>.Builder Diagnostics { get; } = ImmutableArray.CreateBuilder<Diagnostic>();

    /// <summary>The physical lines of the current instruction.</summary>
    public ImmutableArray<LineSyntax>.Builder Lines { get; } = ImmutableArray.CreateBuilder<LineSyntax>();

    public ImmutableArray<SyntaxToken>.Builder Flags { get; } = ImmutableArray.CreateBuilder<SyntaxToken>();

    /// <summary>Argument words of the current rule.</summary>
    public ImmutableArray<SyntaxToken>.Builder Tokens { get; } = ImmutableArray.CreateBuilder<SyntaxToken>();

    /// <summary>The strings of an exec-form JSON array, before they become tokens.</summary>
    public ImmutableArray<JsonArrayParser.Element>.Builder JsonElements { get; } = ImmutableArray.CreateBuilder<JsonArrayParser.Element>();

    /// <summary>Quote-aware words (ARG, ENV, LABEL), before they become tokens or pairs.</summary>
    public ImmutableArray<WordSplitter.Word>.Builder Words { get; } = ImmutableArray.CreateBuilder<WordSplitter.Word>();

    /// <summary>This thread's cached instance, or a new one; the caller owns it until <see cref="Return"/>.</summary>
    public static ParserScratch Rent()
    {
        var scratch = t_cached;
        if (scratch is null)
        {
            return new ParserScratch();
        }

        t_cached = null;
        return scratch;
    }

    public static void Return(ParserScratch scratch)
    {
        if (scratch.Text.Capacity > MaxCachedChars || scratch.Nodes.Capacity > MaxCachedItems || scratch.Lines.Capacity > MaxCachedItems)
        {
            return;
        }

        scratch.Text.Clear();
        scratch.Logical.Reset();
        scratch.Nodes.Clear();
        scratch.Diagnostics.Clear();
        scratch.Lines.Clear();
        scratch.Flags.Clear();
        scratch.Tokens.Clear();
        scratch.JsonElements.Clear();
        scratch.Words.Clear();
        t_cached = scratch;
    }
}
