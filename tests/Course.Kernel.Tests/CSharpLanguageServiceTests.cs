using Course.Kernel.Language;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Kernel.Tests;

/// <summary>Completion, inspection and completeness from Roslyn, with state carried over from earlier cells.</summary>
public sealed class CSharpLanguageServiceTests
{
    private static async Task<CSharpLanguageService> AfterCells(string earlier)
    {
        var options = ScriptOptions.Default.AddReferences(typeof(Enumerable).Assembly, typeof(List<>).Assembly, typeof(Math).Assembly)
            .WithImports("System", "System.Linq", "System.Collections.Generic");
        var state = await CSharpScript.RunAsync(earlier, options);
        return new CSharpLanguageService(code => state.Script.ContinueWith(code).GetCompilation());
    }

    [Fact]
    public async Task Completes_members_of_a_variable_from_an_earlier_cell()
    {
        var service = await AfterCells("var primes = new List<int> { 2, 3, 5 };");
        var r = service.Complete("primes.Ad", 9);
        Assert.Contains("Add", r.Matches);
        Assert.Contains("AddRange", r.Matches);
        Assert.DoesNotContain("Remove", r.Matches);
        Assert.Equal(7, r.CursorStart);
        Assert.Equal(9, r.CursorEnd);
        Assert.Contains("Where", service.Complete("primes.", 7).Matches);   // extension methods too
    }

    [Fact]
    public async Task Completes_names_in_scope_and_static_members_of_types()
    {
        var service = await AfterCells("var learningRate = 0.1; var learningSteps = 3;");
        var r = service.Complete("var x = learn", 13);
        Assert.Equal(["learningRate", "learningSteps"], r.Matches);
        Assert.Contains("Sqrt", service.Complete("Math.Sq", 7).Matches);
    }

    [Fact]
    public async Task Inspects_the_symbol_under_the_cursor()
    {
        var service = await AfterCells("var primes = new List<int>();");
        var r = service.Inspect("primes.Add(7)", 8);
        Assert.True(r.Found);
        Assert.Contains("List<int>.Add(int)", r.PlainText);
        Assert.False(service.Inspect("   ", 1).Found);
    }

    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("for (int i = 0; i < 3; i++) {", "incomplete")]
    [InlineData("var s = \"open", "incomplete")]
    [InlineData("var x = ;", "invalid")]
    public void Judges_completeness(string code, string expected)
        => Assert.Equal(expected, CSharpLanguageService.IsComplete(code).Status);
}
