using Builder.Planner;
using Builder.TestKit;
using Xunit;

namespace Builder.Planner.Tests.Diagnostics;

public sealed class PlannerDiagnosticsTests
{
    public static TheoryData<string> Ids() => new(PlannerDiagnostics.All.Select(d => d.Id));

    [Fact]
    public void Ids_are_unique_and_in_the_planner_range()
    {
        Assert.Equal(PlannerDiagnostics.All.Length, PlannerDiagnostics.All.Select(d => d.Id).Distinct().Count());
        Assert.All(PlannerDiagnostics.All, d => Assert.Matches("^BLD30[0-9]{2}$", d.Id));
    }

    /// <summary>The help pages are generated from the table; BUILDER_ACCEPT=1 rewrites them.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_page_is_generated_from_the_table(string id) =>
        DiagnosticPages.Verify(PlannerDiagnostics.All.Single(d => d.Id == id));
}
