using Course.Kernel.Language;
using Course.Notebooks.Execution;
using Course.Notebooks.Output;
using Course.Notebooks.Tests.Support;

namespace Course.Kernel.Tests;

/// <summary>
/// Completion (Roslyn's CompletionService), inspection (QuickInfoService and the XML documentation) and completeness, with the
/// state of earlier cells; completion and hover compared with .NET Interactive's C# kernel (the Polyglot oracle).
/// </summary>
public sealed class CSharpLanguageServiceTests
{
    private static async Task<CSharpLanguageService> AfterCells(params string[] earlier)
    {
        var session = new ScriptSession(Path.GetTempPath());
        var count = 0;
        foreach (var cell in earlier)
        {
            var outputs = new List<System.Text.Json.Nodes.JsonObject>();
            var outcome = await session.ExecuteAsync(cell, new CellLabel(++count, "t"), new CellOutputSink(outputs, default), count, default);
            Assert.Equal(CellStatus.Completed, outcome.Status);
        }
        return new CSharpLanguageService(() => new SessionShape(session.Submissions, session.References, ScriptReferences.DefaultImports, typeof(ScriptGlobals)));
    }

    [Fact]
    public async Task Completes_members_of_a_variable_from_an_earlier_cell_as_Polyglot_does()
    {
        using var service = await AfterCells("var primes = new List<int> { 2, 3, 5 };");
        var r = await service.CompleteAsync("primes.Ad", 9);
        Assert.Equal(["Add", "AddRange"], r.Matches.Order());
        Assert.Equal((7, 9), (r.CursorStart, r.CursorEnd));
        var all = await service.CompleteAsync("primes.", 7);
        Assert.Contains("Where", all.Matches);   // extension methods too
        Assert.Contains(all.Types!, t => t.Text == "Count" && t.Type == "property");

        var oracle = PolyglotOracle.Invoke(["complete"], """{"cells": ["var primes = new List<int> { 2, 3, 5 };"], "code": "primes.", "cursor": 7}""");
        var polyglot = oracle["items"]!.AsArray().Select(i => (string)i!["label"]!).ToHashSet();
        var missing = polyglot.Except(all.Matches).Where(m => !m.EndsWith("<>", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Polyglot completes what we do not: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Completes_names_in_scope_keywords_and_snippets()
    {
        using var service = await AfterCells("var learningRate = 0.1; var learningSteps = 3;");
        Assert.Equal(["learningRate", "learningSteps"], (await service.CompleteAsync("var x = learn", 13)).Matches);
        Assert.Equal(["Sqrt"], (await service.CompleteAsync("Math.Sq", 7)).Matches);
        var keywords = await service.CompleteAsync("whi", 3);
        Assert.Contains("while", keywords.Matches);
        Assert.Contains(keywords.Types!, t => t.Text == "while" && t.Type is "keyword" or "snippet");
        Assert.Contains("display", (await service.CompleteAsync("disp", 4)).Matches);   // the globals: Polyglot's helpers
    }

    [Fact]
    public async Task Inspects_with_the_summary_and_at_detail_level_1_the_parameters_as_Polyglot_shows_them()
    {
        using var service = await AfterCells("var primes = new List<int>();");
        var brief = await service.InspectAsync("Console.WriteLine(\"x\")", 10, 0);
        Assert.True(brief.Found);
        Assert.Contains("void Console.WriteLine(string? value)", brief.PlainText);
        Assert.Contains("Writes the specified string value, followed by the current line terminator", brief.PlainText);
        Assert.DoesNotContain("Parameters:", brief.PlainText);
        var detailed = await service.InspectAsync("Console.WriteLine(\"x\")", 10, 1);
        Assert.Contains("Parameters:\nvalue: The value to write.", detailed.PlainText);
        Assert.Contains("Exceptions:", detailed.PlainText);
        Assert.StartsWith("```csharp\n", detailed.Markdown);

        var hover = PolyglotOracle.Invoke(["hover"], """{"cells": [], "code": "Console.WriteLine(\"x\")", "cursor": 10}""");
        var polyglot = string.Join("\n", hover["text"]!.AsArray().Select(t => (string)t!["value"]!));
        Assert.Contains("Console.WriteLine(string? value)", polyglot);
        Assert.Contains("Writes the specified string value, followed by the current line terminator", polyglot);

        Assert.Contains("List<int>.Add(int item)", (await service.InspectAsync("primes.Add(7)", 8)).PlainText);
        Assert.False((await service.InspectAsync("   ", 1)).Found);
    }

    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("#r \"nuget: Plotly.NET, 6.0.0\"", "complete")]
    [InlineData("#!time\nvar y = 2;", "complete")]
    [InlineData("#!html\n<b>unclosed", "complete")]
    [InlineData("for (int i = 0; i < 3; i++) {", "incomplete")]
    [InlineData("if (true)\n{\n    Console.WriteLine(1);", "incomplete")]
    [InlineData("var total = Enumerable.Range(1, 10)\n    .Where(i => i % 2 == 0)", "incomplete")]
    [InlineData("Console.WriteLine(1,", "incomplete")]
    [InlineData("var s = \"open", "incomplete")]
    [InlineData("var raw = \"\"\"\nline", "incomplete")]
    [InlineData("public class Point\n{\n    public int X { get; set; }\n}", "complete")]
    [InlineData("var x = ;", "invalid")]
    public void Judges_completeness_of_multi_line_statements(string code, string expected)
        => Assert.Equal(expected, CSharpLanguageService.IsComplete(code).Status);

    [Fact]
    public void An_incomplete_block_asks_for_the_next_line_indented()
        => Assert.Equal("    ", CSharpLanguageService.IsComplete("if (true) {").Indent);
}
