namespace Builder.Runner;

/// <summary>A user error of <c>builder run</c> and the container commands: the message says what is wrong and what to do.</summary>
public sealed class RunnerException(string message, Exception? inner = null) : Exception(message, inner);
