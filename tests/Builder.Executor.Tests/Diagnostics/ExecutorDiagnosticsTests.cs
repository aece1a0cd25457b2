using Builder.Executor;
using Builder.Parser.Diagnostics;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Diagnostics;

public sealed class ExecutorDiagnosticsTests
{
    private static readonly DiagnosticDescriptor[] All =
    [
        ExecutorDiagnostics.NotSupported,
        ExecutorDiagnostics.SourceNotFound,
        ExecutorDiagnostics.StepFailed,
    ];

    public static TheoryData<string> Ids() => new(All.Select(d => d.Id));

    [Fact]
    public void Every_descriptor_is_listed_once_in_the_executor_range()
    {
        var declared = typeof(ExecutorDiagnostics).GetFields().Where(f => f.FieldType == typeof(DiagnosticDescriptor)).ToArray();
        Assert.Equal(declared.Length, All.Length);
        Assert.All(All, d => Assert.Matches("^BLD31[0-9]{2}$", d.Id));
    }

    /// <summary>The help pages are generated from the table; BUILDER_ACCEPT=1 rewrites them.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_page_is_generated_from_the_table(string id) =>
        DiagnosticPages.Verify(All.Single(d => d.Id == id));
}
