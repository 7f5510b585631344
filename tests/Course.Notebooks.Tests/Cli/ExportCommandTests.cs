using Course.Notebooks.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Notebooks.Tests.Cli;

public class ExportCommandTests
{
    [Fact]
    public void Export_writes_a_file_based_app_with_package_directives_and_markdown_comments()
    {
        var folder = Labs.NewOutputFolder();
        try
        {
            var nbPath = Path.Combine(folder, "lab.ipynb");
            var nb = Run.Notebook("#r \"nuget: Newtonsoft.Json, 13.0.3\"\nusing Newtonsoft.Json;\nvar s = JsonConvert.SerializeObject(1);",
                "public record Point(int X, int Y);\nnew Point(1, 2)", "new Point(3, 4).Display();");
            nb.Cells.Insert(0, Model.Cell.Markdown("# Lab one\nSome *prose*."));
            Model.NotebookFile.Write(nb, nbPath);
            var appPath = Path.Combine(folder, "app.cs");

            var r = Labs.Run("export", nbPath, "--to", "app", "-o", appPath);
            Assert.Equal(0, r.ExitCode);
            var app = File.ReadAllText(appPath);
            Assert.StartsWith("#:package Newtonsoft.Json@13.0.3\n", app);
            Assert.Contains("// # Lab one", app);
            Assert.Contains("display(new Point(1, 2));", app);
            Assert.True(app.IndexOf("using Newtonsoft.Json;", StringComparison.Ordinal) < app.IndexOf("// cell", StringComparison.Ordinal));
            Assert.True(app.IndexOf("public record Point", StringComparison.Ordinal) > app.IndexOf("new Point(3, 4)", StringComparison.Ordinal));

            var tree = CSharpSyntaxTree.ParseText(app, new CSharpParseOptions(LanguageVersion.Preview).WithFeatures([new("FileBasedProgram", "true")]));
            Assert.DoesNotContain(tree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
