using System.Collections.Immutable;
using Builder.Parser.Instructions;
using Builder.Parser.Shell;
using Builder.Parser.Syntax;
using Builder.Planner.Context;
using Builder.Planner.Keys;
using Builder.Planner.Model;

namespace Builder.Planner.Lowering;

/// <summary>
/// COPY and ADD (convert_copy.go dispatchCopy): sources, destination, <c>--chown</c>,
/// <c>--chmod</c> and <c>--exclude</c> expanded with the environment before the instruction; the
/// destination made absolute against WORKDIR; the context selection digested by the caller's
/// <see cref="IContextDigester"/>.
/// </summary>
internal sealed class CopyLowering(StageLowering stage)
{
    private readonly record struct Expanded(
        ImmutableArray<string> Sources,
        ImmutableArray<HeredocFile> Heredocs,
        string Dest,
        string? Chown,
        string? Chmod,
        ImmutableArray<string> Excludes);

    public void Copy(CopyInstruction copy)
    {
        BuildStep? from = null;
        string? fromText = null;
        if (copy.From is { } fromToken)
        {
            fromText = fromToken.Value;
            var literal = stage.Expander.Lexer.ProcessWord(fromText, ShellEnvironment.Empty);
            if (!literal.Success || literal.Value != fromText)
            {
                stage.Expander.Report(PlannerDiagnostics.FromNotExpanded, fromToken.Span);
                return;
            }

            from = stage.ResolveFrom(fromText, fromToken.Span);
            if (from is null)
            {
                return;
            }
        }

        if (Expand(copy.Sources, copy.HeredocSources, copy.Destination, copy.Options) is not { } e)
        {
            return;
        }

        Lower(copy, isAdd: false, e, from, fromText, copy.Parents, copy.Options.Link, unpack: null, checksum: null, keepGitDir: false);
    }

    public void Add(AddInstruction add)
    {
        if (Expand(add.Sources, add.HeredocSources, add.Destination, add.Options) is not { } e)
        {
            return;
        }

        string? checksum = null;
        if (add.Checksum is { } c && (checksum = stage.Expander.Word(c, stage.State.Snapshot())) is null)
        {
            return;
        }

        Lower(add, isAdd: true, e, from: null, fromText: null, parents: false, add.Options.Link, add.Unpack, checksum, add.KeepGitDir);
    }

    private Expanded? Expand(
        ImmutableArray<SyntaxToken> sources,
        ImmutableArray<HeredocSource> heredocs,
        SyntaxToken destination,
        CopyOptions options)
    {
        var env = stage.State.Snapshot();
        var x = stage.Expander;
        var expandedSources = ImmutableArray.CreateBuilder<string>();
        foreach (var source in sources)
        {
            if (x.Word(source, env) is not { } value)
            {
                return null;
            }

            expandedSources.Add(value);
        }

        var files = ImmutableArray.CreateBuilder<HeredocFile>();
        foreach (var heredoc in heredocs)
        {
            var content = heredoc.Heredoc.ChompedContent;
            if (heredoc.Heredoc.Expand)
            {
                var raw = new ShellLexer(x.Lexer.EscapeToken) { RawQuotes = true };
                var result = raw.ProcessWord(content, env);
                if (!result.Success)
                {
                    x.Report(PlannerDiagnostics.ExpansionFailed, heredoc.Heredoc.BodySpan, heredoc.Name, result.Error!.Message);
                    return null;
                }

                content = result.Value;
            }

            files.Add(new HeredocFile(heredoc.Name, content));
        }

        var dest = x.Word(destination, env);
        string? chown = null, chmod = null;
        if (dest is null
            || (options.Chown is { } co && (chown = x.Word(co, env)) is null)
            || (options.Chmod is { } cm && (chmod = x.Word(cm, env)) is null))
        {
            return null;
        }

        var excludes = ImmutableArray.CreateBuilder<string>();
        foreach (var exclude in options.Excludes)
        {
            if (x.Word(exclude, env) is not { } value)
            {
                return null;
            }

            excludes.Add(value);
        }

        return new Expanded(expandedSources.ToImmutable(), files.ToImmutable(), dest, NullIfEmpty(chown), NullIfEmpty(chmod), excludes.ToImmutable());
    }

    private void Lower(
        Instruction instruction, bool isAdd, Expanded e, BuildStep? from, string? fromText, bool parents, bool link,
        bool? unpack, string? checksum, bool keepGitDir)
    {
        var state = stage.State;
        var destination = PathUtil.Destination(state.WorkingDir, e.Dest);
        var localSources = e.Sources.Where(s => !IsUrl(s)).Select(s => ContextPath(s, parents)).ToImmutableArray();
        CopySource source = from is not null
            ? new StepCopySource(from, fromText!)
            : ContextSource(localSources, e.Excludes, parents);

        var writer = new CacheKeyWriter(isAdd ? "add" : "copy")
            .Key("parent", state.Root.Key)
            .String("source-kind", source is StepCopySource ? "step" : "context")
            .Key("source", source is StepCopySource s ? s.Step.Key : ((ContextCopySource)source).ContentDigest)
            .List("sources", e.Sources.Select(p => IsUrl(p) ? p : parents ? "/" + ContextPath(p, parents) : PathUtil.Clean("/" + p)).ToList())
            .List("heredocs", e.Heredocs.SelectMany(h => new[] { h.Name, h.Content }).ToList())
            .String("dest", destination)
            .String("chown", e.Chown)
            .String("chmod", e.Chmod)
            .Bool("link", link)
            .Bool("parents", parents)
            .List("excludes", e.Excludes)
            .Bool("unpack", unpack)
            .String("checksum", checksum)
            .Bool("keep-git-dir", keepGitDir);
        if (checksum is null && stage.Plan.Context is IRemoteDigester remote && e.Sources.Where(IsUrl).ToList() is { Count: > 0 } urls)
        {
            writer.List("url-digests", urls.Select(u => remote.DigestOfUrl(u).ToString()).ToList()); // only ADD <url> without --checksum: no other key changes
        }

        var createdBy = (isAdd ? "ADD" : "COPY")
            + (parents ? " --parents" : string.Empty)
            + (e.Chown is null ? string.Empty : " --chown=" + e.Chown)
            + (e.Chmod is null ? string.Empty : " --chmod=" + e.Chmod)
            + string.Concat(e.Sources.Select(p => " " + p))
            + string.Concat(e.Heredocs.Select(h => " <<" + h.Name))
            + " " + e.Dest + " # buildkit";
        state.AddHistory(createdBy, withLayer: true);
        var step = new CopyStep(writer.Finish(), state.Root, state.Index, instruction.Span, isAdd, source, e.Sources, e.Heredocs, destination,
            e.Chown, e.Chmod, link, parents, e.Excludes, unpack, checksum, keepGitDir) { KeyInputs = writer.Inputs };
        stage.AddLayer(step, createdBy);
    }

    private ContextCopySource ContextSource(ImmutableArray<string> sources, ImmutableArray<string> excludes, bool parents)
    {
        var selection = new ContextSelection(sources, excludes, stage.Plan.Options.IgnorePatterns, parents);
        return new ContextCopySource(selection, stage.Plan.Context.DigestOf(selection));
    }

    /// <summary>
    /// A context source as a clean relative path (<c>./a/</c> → <c>a</c>, <c>.</c> stays <c>.</c>);
    /// with <c>--parents</c> a <c>/./</c> pivot is kept (<c>./x/./y</c> → <c>x/./y</c>): it decides
    /// which parent directories are copied.
    /// </summary>
    private static string ContextPath(string source, bool parents)
    {
        int pivot = parents ? source.IndexOf("/./", StringComparison.Ordinal) : -1;
        if (pivot >= 0)
        {
            var before = ContextPath(source[..pivot], parents: false);
            var after = ContextPath(source[(pivot + 3)..], parents: false);
            return before == "." ? after : before + "/./" + after;
        }

        var cleaned = PathUtil.Clean("/" + source).TrimStart('/');
        return cleaned.Length == 0 ? "." : cleaned;
    }

    private static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
