using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser.Tests.Robustness;

/// <summary>
/// Finds every <see cref="TextSpan"/> and <see cref="SyntaxToken"/> reachable from a parser value
/// (syntax nodes, typed instructions, mounts, heredocs, ...) through its public properties, so a
/// span added to the model later is checked without anyone remembering to. Reading every public
/// property also runs the computed ones (<c>CommandLine.Words</c>, <c>ChompedContent</c>, ...).
/// </summary>
internal static class SpanWalker
{
    private static readonly ConcurrentDictionary<Type, (string Name, Func<object, object?> Get)[]> Getters = new();

    /// <summary>
    /// Checks every span found under <paramref name="root"/> with <paramref name="isValid"/> and
    /// throws <see cref="PropertyViolationException"/> (naming <paramref name="property"/> and the
    /// path to the span) for the first that is not.
    /// </summary>
    public static void Check(object root, string rootPath, string property, Func<TextSpan, bool> isValid)
    {
        var walk = new Walk(rootPath, property, isValid);
        walk.Visit(root, 0);
    }

    private sealed class Walk(string rootPath, string property, Func<TextSpan, bool> isValid)
    {
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

        // The path is kept as a stack of segments and only turned into text for a report.
        private readonly List<(string? Name, int Index)> _path = [(rootPath, 0)];

        public void Visit(object? value, int depth)
        {
            switch (value)
            {
                case null or string or bool or int or long or char or Enum or TimeSpan:
                    return;
                case TextSpan span:
                    Span(span);
                    return;
                case SyntaxToken token:
                    if (token.Value is null)
                    {
                        throw new PropertyViolationException("token value", $"{Path()} has a null value");
                    }

                    Span(token.Span);
                    return;
            }

            var type = value.GetType();
            if (depth > 64)
            {
                throw new PropertyViolationException("model depth", $"{Path()}: the model nests more than 64 levels");
            }

            if (!type.IsValueType && !_seen.Add(value))
            {
                return;
            }

            if (value is IEnumerable items)
            {
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>)
                    && (bool)type.GetProperty("IsDefault")!.GetValue(value)!)
                {
                    throw new PropertyViolationException("default array", $"{Path()} is a default (null) ImmutableArray");
                }

                int i = 0;
                foreach (var item in items)
                {
                    Push(null, i++, item, depth);
                }

                return;
            }

            if (type.Namespace is null || !type.Namespace.StartsWith("Builder.Parser", StringComparison.Ordinal)
                || value is SourceText or DockerfileSyntaxTree)
            {
                return;
            }

            foreach (var (name, get) in Getters.GetOrAdd(type, CompileGetters))
            {
                Push(name, 0, get(value), depth);
            }
        }

        private void Push(string? name, int index, object? value, int depth)
        {
            _path.Add((name, index));
            Visit(value, depth + 1);
            _path.RemoveAt(_path.Count - 1);
        }

        private void Span(TextSpan span)
        {
            if (!isValid(span))
            {
                throw new PropertyViolationException(property, $"{Path()} {span} is out of bounds");
            }
        }

        private string Path() => string.Concat(_path.Select((p, i) => i == 0 ? p.Name : p.Name is null ? $"[{p.Index}]" : "." + p.Name));
    }

    private static (string Name, Func<object, object?> Get)[] CompileGetters(Type type)
    {
        var getters = new List<(string, Func<object, object?>)>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            var instance = Expression.Parameter(typeof(object));
            var read = Expression.Property(Expression.Convert(instance, type), property);
            getters.Add((property.Name, Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), instance).Compile()));
        }

        return getters.ToArray();
    }
}
