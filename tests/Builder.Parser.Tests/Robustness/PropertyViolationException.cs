namespace Builder.Parser.Tests.Robustness;

/// <summary>A parser property that did not hold for an input; <see cref="Property"/> names which.</summary>
internal sealed class PropertyViolationException : Exception
{
    public PropertyViolationException(string property, string message)
        : base($"{property}: {message}")
    {
        Property = property;
    }

    public string Property { get; }
}
