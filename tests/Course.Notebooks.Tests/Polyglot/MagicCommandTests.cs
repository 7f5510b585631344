using System.Text.Json.Nodes;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Polyglot;

/// <summary>
/// Polyglot's magic commands and display kernels: against .NET Interactive's C# kernel where its served packages have
/// them (#!set, #!share, #!value, #!who, #!whos, #!html, kernel selectors inside a cell), against its source where they
/// lived in packages that are not served (#!markdown, #!time, #!lsmagic in .Jupyter; #!about in the tool).
/// </summary>
public class MagicCommandTests
{
    [Fact]
    public async Task Value_sharing_and_variable_listings_behave_as_in_Polyglot()
    {
        var differences = await OracleComparison.CompareAsync(
            "#!set --name z --value 123\nz",
            "#!set --name w --value \"hi there\"\nw",
            "#!value --name v\n{\"a\": 1}",
            "#!set --name q --value @value:v\nq.GetType()",
            "#!value --name j --mime-type application/json\n{\"a\": 1}",
            "#!set --name k --value @value:j\nk.GetType()",
            "#!share --from value v\nv",
            "var x = 1;\n#!who",
            "#!whos",
            "#!set --name missing",
            "#!nosuch");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task Html_cells_and_kernel_selectors_inside_a_cell_behave_as_in_Polyglot()
    {
        var differences = await OracleComparison.CompareAsync(
            "#!html\n<b>Hello!</b>",
            "#!csharp\nvar a = 1;\n#!html\n<i>between</i>\n#!csharp\na + 1",
            "#!c#\n\"alias\"");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void The_comparison_sees_a_different_value_and_a_missing_output()
    {
        var oracle = new List<PolyglotOracle.Event> { new("display", new Dictionary<string, string> { ["text/html"] = "<b>a</b>" }, null) };
        Assert.Empty(OracleComparison.Differences(oracle, [new("display", new Dictionary<string, string> { ["text/html"] = "<b>a</b>", ["text/plain"] = "a" }, null)]));
        Assert.NotEmpty(OracleComparison.Differences(oracle, [new("display", new Dictionary<string, string> { ["text/html"] = "<b>b</b>" }, null)]));
        Assert.NotEmpty(OracleComparison.Differences(oracle, []));
    }

    [Fact]
    public async Task Markdown_javascript_time_lsmagic_and_about_show_what_Polyglot_showed()
    {
        var result = await Run.Cells(
            "#!markdown\n# Title\n\n|a|b|\n|-|-|\n|1|2|\n\n$x^2$",
            "#!javascript\nconsole.log('hi');",
            "#!time\nSystem.Threading.Thread.Sleep(50);",
            "#!lsmagic",
            "#!about");
        Assert.Equal(RunStatus.Passed, result.Status);
        var cells = result.CodeCells();
        var markdown = cells[0].Outputs[0].Text("text/html");
        Assert.Contains("<h1 id=\"title\">Title</h1>", markdown);          // Markdig with Polyglot's pipeline: advanced extensions...
        Assert.Contains("<table>", markdown);
        Assert.Contains("<span class=\"math\">\\(x^2\\)</span>", markdown);    // ...and mathematics
        Assert.Equal("<script type=\"text/javascript\">console.log('hi');</script>", cells[1].Outputs[0].Text("text/html"));
        var time = cells[2].Outputs.Single().Text();
        Assert.Matches(@"^Wall time: [\d.]+ms$", time);
        Assert.True(double.Parse(time["Wall time: ".Length..^2], System.Globalization.CultureInfo.InvariantCulture) >= 50);
        var magics = cells[3].Outputs[0].Text("text/html");
        foreach (var name in new[] { "#!time", "#!who", "#!whos", "#!set", "#!value", "#!markdown", "#!import", "#!about" }) Assert.Contains(name, magics);
        Assert.Contains("Version: ", cells[4].Outputs[0].Text("text/html"));
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1", "F#", "#!fsharp")]
    [InlineData("#!pwsh\nGet-Date", "PowerShell", "#!pwsh")]
    [InlineData("#!sql\nSELECT 1", "SQL", "#!sql")]
    [InlineData("#!kql\nStormEvents | take 1", "KQL", "#!kql")]
    [InlineData("var a = 1;\n#!f#\nlet y = 2", "F#", "#!fsharp")]
    public async Task A_cell_in_a_language_this_host_does_not_run_names_it_and_the_run_goes_on(string cell, string language, string selector)
    {
        var result = await Run.Execute(Run.Notebook(cell, "Console.WriteLine(\"after\");"), new RunOptions { ContinueOnError = true });
        Assert.Equal(RunStatus.Failed, result.Status);
        var error = Assert.Single(result.CodeCells()[0].Outputs.OfType("error"));
        Assert.Equal("UnsupportedLanguage", (string?)error["ename"]);
        Assert.Contains($"this cell is {language} ({selector})", (string?)error["evalue"]);
        Assert.Contains("--continue-on-error", (string?)error["evalue"]);
        Assert.Equal("after\n", Outputs.StreamText(result.CodeCells()[1].Outputs));
    }

    [Fact]
    public async Task A_cell_whose_metadata_names_another_kernel_runs_in_it()
    {
        var nb = Run.Notebook("<b>from metadata</b>", "let x = 1");
        DibFile.SetKernel(nb.Cells[0], "html");
        DibFile.SetKernel(nb.Cells[1], "fsharp");
        var result = await Run.Execute(nb, new RunOptions { ContinueOnError = true });
        Assert.Equal("<b>from metadata</b>", result.CodeCells()[0].Outputs[0].Text("text/html"));
        Assert.Equal("UnsupportedLanguage", (string?)result.CodeCells()[1].Outputs.OfType("error").Single()["ename"]);
    }

    [Fact]
    public async Task Import_runs_a_dib_and_a_notebook_in_the_same_session()
    {
        var folder = Directory.CreateTempSubdirectory("labs-import-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "helpers.dib"), "#!csharp\n\nint Twice(int x) => 2 * x;\n\n#!markdown\n\n# not run\n");
            var other = Run.Notebook("var imported = Twice(21);");
            NotebookFile.Write(other, Path.Combine(folder, "other.ipynb"));
            var result = await Run.Execute(Run.Notebook("#!import helpers.dib\n#!import other.ipynb\nimported", "#!import missing.dib"),
                new RunOptions { ContinueOnError = true }, folder);
            Assert.Equal("42", result.CodeCells()[0].Outputs.OfType("execute_result").Single().Text().Trim());
            Assert.Contains("missing.dib does not exist", (string?)result.CodeCells()[1].Outputs.OfType("error").Single()["evalue"]);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Value_from_a_file_and_set_from_csharp_and_input()
    {
        var folder = Directory.CreateTempSubdirectory("labs-value-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "data.csv"), "a,b\n1,2\n");
            var result = await Run.Execute(Run.Notebook(
                "#!value --name table --from-file data.csv",
                "#!set --name csv --value @value:table\ncsv.Length",
                "var n = 5;\n#!set --name copy --value @csharp:n\ncopy",
                "#!set --name answer --value @input:\"your name?\"",
                "#!value --name page --from-url https://example.com/x"), new RunOptions { ContinueOnError = true }, folder);
            var cells = result.CodeCells();
            Assert.Equal("a,b\n1,2\n", cells[0].Outputs[0].Text());
            Assert.Equal("8", cells[1].Outputs.OfType("execute_result").Single().Text().Trim());
            Assert.Equal("5", cells[2].Outputs.OfType("execute_result").Single().Text().Trim());
            Assert.Equal("InputError", (string?)cells[3].Outputs.OfType("error").Single()["ename"]);
            Assert.Contains("does not download", (string?)cells[4].Outputs.OfType("error").Single()["evalue"]);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
