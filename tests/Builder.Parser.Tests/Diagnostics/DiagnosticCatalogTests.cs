using System.Reflection;
using Builder.Parser.Diagnostics;
using Builder.TestKit;
using Xunit;

namespace Builder.Parser.Tests.Diagnostics;

public sealed class DiagnosticCatalogTests
{
    [Fact]
    public void Catalog_lists_every_descriptor_once()
    {
        var declared = typeof(DiagnosticDescriptor).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Diagnostics", StringComparison.Ordinal))
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Static))
            .Select(m => m switch
            {
                FieldInfo f when f.FieldType == typeof(DiagnosticDescriptor) => (DiagnosticDescriptor?)f.GetValue(null),
                PropertyInfo p when p.PropertyType == typeof(DiagnosticDescriptor) => (DiagnosticDescriptor?)p.GetValue(null),
                _ => null,
            })
            .OfType<DiagnosticDescriptor>()
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.Select(d => d.Id).OrderBy(x => x), DiagnosticCatalog.All.Select(d => d.Id).OrderBy(x => x));
        Assert.Equal(DiagnosticCatalog.All.Length, DiagnosticCatalog.All.Select(d => d.Id).Distinct().Count());
        Assert.All(DiagnosticCatalog.All, d => Assert.Matches("^BLD1[0-9]{3}$", d.Id));
    }

    public static TheoryData<string> Ids() => new(DiagnosticCatalog.All.Select(d => d.Id));

    /// <summary>The help pages are generated from the table; BUILDER_ACCEPT=1 rewrites them.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_page_is_generated_from_the_table(string id) =>
        DiagnosticPages.Verify(DiagnosticCatalog.All.Single(x => x.Id == id));
}
