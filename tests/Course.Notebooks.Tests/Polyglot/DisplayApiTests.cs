using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Polyglot;

/// <summary>
/// Polyglot's C# display API, run through .NET Interactive's own C# kernel (the oracle) and through ours: the same outputs,
/// MIME types and values (see <see cref="OracleComparison.Normalize"/> for what may differ).
/// </summary>
public class DisplayApiTests
{
    [Fact]
    public async Task Display_helpers_and_trailing_values_show_what_Polyglot_shows()
    {
        var differences = await OracleComparison.CompareAsync(
            "var x = \"Hello!\";\ndisplay(x);\nx",
            "Console.WriteLine(\"out\");\nConsole.Error.WriteLine(\"err\");",
            "display(HTML(\"<b>bold</b>\"));",
            "HTML(\"<i>trailing</i>\")",
            "Javascript(\"console.log(1)\");",
            "\"*a*\".DisplayAs(\"text/markdown\");",
            "new List<int> { 1, 2, 3 }.Display(\"text/plain\");",
            "var shown = display(\"first\");\nshown.Update(\"second\");",
            "new[] { \"hello\", \"world\" }",
            "Enumerable.Range(1, 5)",
            "new { A = 1, B = \"x\" }",
            "public class Person { public string FirstName { get; set; } public int Age { get; set; } }\nnew Person { FirstName = \"Mitch\", Age = 42 }",
            "new Dictionary<string, int> { [\"a\"] = 1, [\"b\"] = 2 }",
            "1.5", "42", "true", "'c'", "null", "(1, \"a\")", "typeof(string)",
            "DateTime.Parse(\"2020-01-02T03:04:05Z\").ToUniversalTime()",
            "new[] { new Person { FirstName = \"A\", Age = 1 }, new Person { FirstName = \"B\", Age = 2 } }.DisplayTable();",
            "throw new InvalidOperationException(\"boom\");");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task Formatter_api_and_PocketView_behave_as_in_Polyglot()
    {
        var differences = await OracleComparison.CompareAsync(
            "using Microsoft.DotNet.Interactive.Formatting;\nusing static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;\npublic record Point(int X, int Y);",
            "Formatter.Register<Point>((p, writer) => writer.Write($\"<svg data-x='{p.X}'></svg>\"), \"text/html\");\nnew Point(3, 4)",
            "Formatter.Register<Point>(p => $\"P({p.X})\", \"text/plain\");\nFormatter.SetPreferredMimeTypesFor(typeof(Point), \"text/plain\");\nnew Point(5, 6)",
            "Formatter.ResetToDefault();\nnew Point(7, 8)",
            "Formatter.ListExpansionLimit = 3;\nEnumerable.Range(1, 10)",
            "Formatter.ResetToDefault();\ndisplay(span(b(\"x\"), \" \", i(\"y\")));",
            "span[style: \"color:red\"](\"<b>encoded</b>\")",
            "b(new { Fruit = \"apple\" })",
            "span(HTML(\"<i>not encoded</i>\")).ToString()",
            "new Point(1, 2).ToDisplayString(\"text/html\")");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task LaTeX_is_shown_as_text_latex_and_MathString_in_display_math()
    {
        // Polyglot 2026 moved MathString out of the C# kernel and no longer imports LaTeXString's namespace by default; the
        // notebooks written for it (dotnet/interactive's Math-and-LaTeX sample) use both unqualified, as this host allows.
        var differences = await OracleComparison.CompareAsync(
            "using Microsoft.DotNet.Interactive.Formatting;\n(LaTeXString)@\"\\frac{1}{2}\"",
            "new LaTeXString(\"x^2\").Display();");
        Assert.True(differences.Count == 0, string.Join("\n", differences));

        var result = await Run.Cells("(LaTeXString)@\"\\frac12\"", "(MathString)\"E = mc^2\"", "new MathString(\"$$x$$\")");
        Assert.Equal(RunStatus.Passed, result.Status);
        Assert.Equal("\\frac12", result.CodeCells()[0].Outputs[0].Text("text/latex"));
        Assert.Equal("$$E = mc^2$$", result.CodeCells()[1].Outputs[0].Text("text/latex"));
        Assert.Equal("$$x$$", result.CodeCells()[2].Outputs[0].Text("text/latex"));
    }

    [Fact]
    public async Task Css_and_Markdown_helpers_write_what_they_promise()
    {
        var result = await Run.Cells("CSS(\"b { color: red; }\");", "Markdown(\"**bold** and $x^2$\")");
        Assert.Equal(RunStatus.Passed, result.Status);
        var css = result.CodeCells()[0].Outputs[0].Text("text/html");
        Assert.StartsWith("<script type=\"text/javascript\">var css = `b { color: red; }`", css);
        Assert.Contains("document.createElement('style')", css);
        Assert.Equal("**bold** and $x^2$", result.CodeCells()[1].Outputs[0].Text("text/markdown"));
    }

    [Fact]
    public async Task Input_helpers_get_no_answer_in_a_headless_run()
    {
        var result = await Run.Cells("Console.ReadLine() is null", "(await GetInputAsync(\"name?\")) is null");
        Assert.Equal(RunStatus.Passed, result.Status);
        Assert.All(result.CodeCells(), c => Assert.Equal("True", c.Outputs[0].Text().Trim()));
    }
}
