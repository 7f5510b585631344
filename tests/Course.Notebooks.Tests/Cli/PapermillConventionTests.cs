using Course.Notebooks.Model;
using Course.Notebooks.Parameters;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Cli;

/// <summary>papermill's conventions in full: typed -p values, -f params.yaml, unknown names warned, the output path as a positional argument.</summary>
public class PapermillConventionTests
{
    [Fact]
    public void Values_take_the_type_the_parameters_cell_declares()
    {
        var nb = Run.Notebook("var Epochs = 2;\nvar LearningRate = 0.1;\nlong Seed = 7;\nfloat Scale = 1.5f;\nbool Full = false;\nstring Name = \"x\";\nvar Model = Build();");
        nb.Cells[0].Metadata["tags"] = new System.Text.Json.Nodes.JsonArray("parameters");
        var declared = DeclaredParameters.Read(nb);
        Assert.Equal(["int", "double", "long", "float", "bool", "string", null], declared.Select(d => d.Type));
        var warnings = new List<string>();
        var typed = ParameterTypes.Apply(declared, new Dictionary<string, object?>
        {
            ["LearningRate"] = ParameterValue.Infer("1"), ["Epochs"] = ParameterValue.Infer("3"), ["Seed"] = ParameterValue.Infer("5"),
            ["Scale"] = ParameterValue.Infer("2"), ["Full"] = ParameterValue.Infer("True"), ["Name"] = ParameterValue.Infer("42"),
            ["Typo"] = 1,
        }, "nb.ipynb", warnings);
        Assert.Equal(1.0, Assert.IsType<double>(typed["LearningRate"]));
        Assert.Equal(3, Assert.IsType<int>(typed["Epochs"]));
        Assert.Equal(5L, Assert.IsType<long>(typed["Seed"]));
        Assert.Equal(2f, Assert.IsType<float>(typed["Scale"]));
        Assert.True(Assert.IsType<bool>(typed["Full"]));
        Assert.Equal("42", Assert.IsType<string>(typed["Name"]));
        Assert.Contains(warnings, w => w.Contains("no parameter 'Typo'") && w.Contains("Epochs, LearningRate"));
        var e = Assert.Throws<ArgumentException>(() => ParameterTypes.Apply(declared, new Dictionary<string, object?> { ["Epochs"] = "many" }, "nb.ipynb", []));
        Assert.Contains("'Epochs' is declared int", e.Message);

        ParameterInjector.Inject(nb, typed);
        var injected = nb.Cells.Single(c => c.HasTag(ParameterInjector.InjectedTag)).Source;
        Assert.Contains("long Seed = 5;", injected);
        Assert.Contains("float Scale = 2.0f;", injected);
        Assert.Contains("double LearningRate = 1.0;", injected);
    }

    [Fact]
    public void A_yaml_file_gives_typed_values_lists_and_mappings()
    {
        var path = Path.Combine(Path.GetTempPath(), $"labs-params-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, "Epochs: 3\nLearningRate: 0.05\nName: 'quoted 1'\nFull: true\nSizes: [1, 2]\nNested:\n  a: 1.5\n");
            var values = ParameterFile.Read(path);
            Assert.Equal(3, values["Epochs"]);
            Assert.Equal(0.05, values["LearningRate"]);
            Assert.Equal("quoted 1", values["Name"]);
            Assert.Equal(true, values["Full"]);
            Assert.Equal(new List<object?> { 1, 2 }, values["Sizes"]);
            Assert.Equal(1.5, ((Dictionary<string, object?>)values["Nested"]!)["a"]);
            File.WriteAllText(path, "Epochs: [1\n");
            Assert.Contains(path, Assert.Throws<ParameterFileException>(() => ParameterFile.Read(path)).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Labs_run_input_output_with_a_parameters_file_and_typed_values()
    {
        var folder = Labs.NewOutputFolder();
        try
        {
            var yaml = Path.Combine(folder, "params.yaml");
            File.WriteAllText(yaml, "Epochs: 4\nName: from-yaml\nUnknownName: 1\n");
            var output = Path.Combine(folder, "executed.ipynb");
            var r = Labs.Run("run", Fixtures.Path("parameters.ipynb"), output, "-f", yaml, "-p", "LearningRate=1");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var nb = NotebookFile.Read(output);
            Assert.Equal("4|1|from-yaml|Int32|Double\n", Outputs.StreamText(nb.Cells[^1].Outputs));
            Assert.Contains("declares no parameter 'UnknownName'", r.Stderr);
            Assert.True(File.Exists(Path.Combine(folder, "executed.html")));
            Assert.False(File.Exists(Path.Combine(folder, "index.html")));
            NbformatOracle.AssertValid(output);

            // Run again into the same executed notebook (it has papermill's record, so it is the output, not a second input).
            Assert.Equal(0, Labs.Run("run", Fixtures.Path("parameters.ipynb"), output, "-p", "Epochs=5").ExitCode);
            Assert.StartsWith("5|", Outputs.StreamText(NotebookFile.Read(output).Cells[^1].Outputs));

            var bad = Labs.Run("run", Fixtures.Path("parameters.ipynb"), output, "-p", "Epochs=many");
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("'Epochs' is declared int", bad.Stderr);
            Assert.Equal(2, Labs.Run("run", Fixtures.Path("parameters.ipynb"), output, "-o", folder).ExitCode);
            Assert.Equal(2, Labs.Run("run", Fixtures.Path("parameters.ipynb"), "-f", Path.Combine(folder, "missing.yaml"), "-o", folder).ExitCode);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Labs_runs_a_dib_and_converts_both_ways()
    {
        var folder = Labs.NewOutputFolder();
        try
        {
            var dib = Path.Combine(folder, "lesson.dib");
            File.WriteAllText(dib, "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"name\":\"csharp\"}]}}\n\n#!markdown\n\n# Lesson\n\n#!csharp\n\nvar x = 20 + 22;\nx\n\n#!html\n\n<b>bold</b>\n");
            var run = Labs.Run("run", dib, "-o", Path.Combine(folder, "out"));
            Assert.True(run.ExitCode == 0, run.Stderr);
            var executed = NotebookFile.Read(Path.Combine(folder, "out", "lesson.ipynb"));
            Assert.Equal("42", executed.Cells[1].Outputs.OfType("execute_result").Single().Text().Trim());
            Assert.Equal("<b>bold</b>", executed.Cells[2].Outputs.Single().Text("text/html"));
            Assert.True(File.Exists(Path.Combine(folder, "out", "lesson.html")));

            Assert.Equal(0, Labs.Run("convert", dib).ExitCode);
            var ipynb = Path.Combine(folder, "lesson.ipynb");
            NbformatOracle.AssertValid(ipynb);
            Assert.Equal(2, Labs.Run("convert", ipynb, dib).ExitCode);   // exists: no overwrite without --force
            Assert.Equal(0, Labs.Run("convert", Path.Combine(folder, "out", "lesson.ipynb"), Path.Combine(folder, "again.dib")).ExitCode);
            Assert.Equal(File.ReadAllText(dib), File.ReadAllText(Path.Combine(folder, "again.dib")));
            Assert.Equal(2, Labs.Run("convert", Path.Combine(folder, "nope.dib")).ExitCode);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
