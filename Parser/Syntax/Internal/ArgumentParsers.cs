using System.Collections.Immutable;
using Builder.Parser.Diagnostics;

namespace Builder.Parser.Syntax.Internal;

/// <summary>The argument rule of each keyword, as BuildKit's dispatch table assigns them.</summary>
internal readonly struct ArgumentParsers
{
    internal const int MaxOnbuildNesting = 32;

    private readonly LogicalLine _line;
    private readonly char _escape;
    private readonly ImmutableArray<Diagnostic>.Builder _diagnostics;
    private readonly InstructionLineParser _parent;

    public ArgumentParsers(LogicalLine line, char escape, ImmutableArray<Diagnostic>.Builder diagnostics, InstructionLineParser parent)
    {
        _line = line;
        _escape = escape;
        _diagnostics = diagnostics;
        _parent = parent;
    }

    public readonly record struct Result(
        ArgumentForm Form,
        ImmutableArray<SyntaxToken> Arguments,
        ImmutableArray<KeyValueSyntax> KeyValues,
        InstructionSyntax? Child,
        bool HealthCheckIsJson);

    private static Result Empty => new(ArgumentForm.None, ImmutableArray<SyntaxToken>.Empty, ImmutableArray<KeyValueSyntax>.Empty, null, false);

    public Result Parse(string command, int start, int end)
    {
        switch (command)
        {
            case "run":
            case "cmd":
            case "entrypoint":
            case "shell":
                return MaybeJson(start, end);
            case "add":
            case "copy":
            case "volume":
                return MaybeJsonToList(start, end);
            case "from":
            case "expose":
                return WhitespaceList(start, end);
            case "user":
            case "workdir":
            case "maintainer":
            case "stopsignal":
                return WholeString(start, end);
            case "arg":
                return Words(start, end);
            case "env":
                return KeyValues(start, end, "ENV");
            case "label":
                return KeyValues(start, end, "LABEL");
            case "healthcheck":
                return HealthCheck(start, end);
            case "onbuild":
                return SubInstruction(start, end);
            default:
                // Unknown keywords keep one empty value, as BuildKit does; the instruction layer reports them.
                return Empty with
                {
                    Form = ArgumentForm.Ignored,
                    Arguments = ImmutableArray.Create(new SyntaxToken(string.Empty, _line.ToSourceSpan(start, start))),
                };
        }
    }

    private SyntaxToken Token(int start, int end) =>
        new(_line.Text.Substring(start, end - start), _line.ToSourceSpan(start, end));

    private Result WholeString(int start, int end) =>
        start >= end ? Empty : Empty with { Form = ArgumentForm.String, Arguments = ImmutableArray.Create(Token(start, end)) };

    private Result MaybeJson(int start, int end)
    {
        if (start >= end)
        {
            return Empty;
        }

        var elements = _parent.Scratch.JsonElements;
        var outcome = JsonArrayParser.Parse(_line.Text, start, end, elements);
        return outcome switch
        {
            JsonArrayParser.Outcome.Strings => JsonResult(elements),
            JsonArrayParser.Outcome.NotAllStrings => NotStrings(start, end),
            _ => WholeString(start, end),
        };
    }

    private Result MaybeJsonToList(int start, int end)
    {
        var elements = _parent.Scratch.JsonElements;
        var outcome = JsonArrayParser.Parse(_line.Text, start, end, elements);
        return outcome switch
        {
            JsonArrayParser.Outcome.Strings => JsonResult(elements),
            JsonArrayParser.Outcome.NotAllStrings => NotStrings(start, end),
            _ => WhitespaceList(start, end),
        };
    }

    private Result JsonResult(ImmutableArray<JsonArrayParser.Element>.Builder elements)
    {
        var args = _parent.Scratch.Tokens;
        args.Clear();
        foreach (var e in elements)
        {
            args.Add(new SyntaxToken(e.Value, _line.ToSourceSpan(e.Start, e.End)));
        }

        return Empty with { Form = ArgumentForm.Json, Arguments = args.ToImmutable() };
    }

    private Result NotStrings(int start, int end)
    {
        _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.JsonArrayNotStrings, _line.ToSourceSpan(start, end)));
        return Empty with { Form = ArgumentForm.Json };
    }

    private Result WhitespaceList(int start, int end)
    {
        if (start >= end)
        {
            return Empty;
        }

        string s = _line.Text;
        var args = _parent.Scratch.Tokens;
        args.Clear();
        int p = start;
        while (true)
        {
            int wordStart = p;
            while (p < end && !CharClass.IsBlank(s[p]))
            {
                p++;
            }

            args.Add(Token(wordStart, p));
            if (p >= end)
            {
                break;
            }

            while (p < end && CharClass.IsBlank(s[p]))
            {
                p++;
            }

            if (p >= end)
            {
                // A trailing separator yields one more, empty value, as a regexp split does.
                args.Add(Token(p, p));
                break;
            }
        }

        return Empty with { Form = ArgumentForm.WhitespaceList, Arguments = args.ToImmutable() };
    }

    private Result Words(int start, int end)
    {
        var words = _parent.Scratch.Words;
        WordSplitter.Split(_line.Text, start, end, _escape, _parent.Scratch.Text, words);
        if (words.Count == 0)
        {
            return Empty;
        }

        var args = _parent.Scratch.Tokens;
        args.Clear();
        foreach (var w in words)
        {
            args.Add(new SyntaxToken(w.Value, _line.ToSourceSpan(w.Start, w.End)));
        }

        return Empty with { Form = ArgumentForm.Words, Arguments = args.ToImmutable() };
    }

    private Result KeyValues(int start, int end, string keyword)
    {
        string s = _line.Text;
        var words = _parent.Scratch.Words;
        WordSplitter.Split(s, start, end, _escape, _parent.Scratch.Text, words);
        if (words.Count == 0)
        {
            return Empty;
        }

        // At most one pair per word; DrainToImmutable below keeps the array when every word is a pair.
        var pairs = ImmutableArray.CreateBuilder<KeyValueSyntax>(words.Count);
        if (words[0].Value.IndexOf('=') < 0)
        {
            // Legacy form: the first blank run separates the name from the rest, kept verbatim.
            int keyEnd = start;
            while (keyEnd < end && !CharClass.IsBlank(s[keyEnd]))
            {
                keyEnd++;
            }

            int valueStart = keyEnd;
            while (valueStart < end && CharClass.IsBlank(s[valueStart]))
            {
                valueStart++;
            }

            if (keyEnd >= end)
            {
                _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.MissingKeyValueArguments, _line.ToSourceSpan(start, end), keyword));
                return Empty with { Form = ArgumentForm.LegacyKeyValue };
            }

            pairs.Add(new KeyValueSyntax(Token(start, keyEnd), Token(valueStart, end), HasEquals: false));
            return KeyValueResult(ArgumentForm.LegacyKeyValue, pairs.DrainToImmutable());
        }

        foreach (var w in words)
        {
            int eq = w.Value.IndexOf('=');
            if (eq < 0)
            {
                _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.KeyValueWithoutEquals, _line.ToSourceSpan(w.Start, w.End), w.Value));
                continue;
            }

            // Word values can differ from the source only by dropped trailing escapes, so the
            // offsets of '=' line up with the source text.
            var key = new SyntaxToken(w.Value.Substring(0, eq), _line.ToSourceSpan(w.Start, w.Start + eq));
            var value = new SyntaxToken(w.Value.Substring(eq + 1), _line.ToSourceSpan(w.Start + eq + 1, w.End));
            pairs.Add(new KeyValueSyntax(key, value, HasEquals: true));
        }

        return KeyValueResult(ArgumentForm.KeyValue, pairs.DrainToImmutable());
    }

    private static Result KeyValueResult(ArgumentForm form, ImmutableArray<KeyValueSyntax> pairs)
    {
        var args = ImmutableArray.CreateBuilder<SyntaxToken>(pairs.Length * 3);
        foreach (var kv in pairs)
        {
            args.Add(kv.Key);
            args.Add(kv.Value);
            args.Add(new SyntaxToken(kv.HasEquals ? "=" : string.Empty, new Builder.Parser.Text.TextSpan(kv.Key.Span.End, kv.HasEquals ? 1 : 0)));
        }

        return Empty with { Form = form, Arguments = args.MoveToImmutable(), KeyValues = pairs };
    }

    private Result HealthCheck(int start, int end)
    {
        string s = _line.Text;
        int sep = start;
        while (sep < end && !CharClass.IsSpace(s[sep]))
        {
            sep++;
        }

        if (sep == start)
        {
            return Empty;
        }

        int next = CharClass.SkipSpaces(s, sep, end);
        var type = Token(start, sep);
        var command = MaybeJson(next, end);
        var args = ImmutableArray.CreateBuilder<SyntaxToken>(1 + command.Arguments.Length);
        args.Add(type);
        args.AddRange(command.Arguments);
        return Empty with
        {
            Form = ArgumentForm.HealthCheck,
            Arguments = args.MoveToImmutable(),
            HealthCheckIsJson = command.Form == ArgumentForm.Json,
        };
    }

    private Result SubInstruction(int start, int end)
    {
        if (start >= end)
        {
            return Empty;
        }

        // "ONBUILD ONBUILD ..." nests one level per word (the instruction layer rejects it at the
        // first level). Past a depth no Dockerfile needs, the rest stays one string, so that a long
        // line cannot overflow the stack here or in the printers.
        if (_parent.Depth >= MaxOnbuildNesting)
        {
            return WholeString(start, end);
        }

        var child = _parent.Parse(start, end, default, default);
        return Empty with { Form = ArgumentForm.SubInstruction, Child = child };
    }
}
