using System.Text.Json.Nodes;
using Course.Notebooks.Dialect;
using Course.Notebooks.Model;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Polyglot;

/// <summary>.dib files read and written as .NET Interactive's own parser does (the oracle), and converted to and from .ipynb.</summary>
public class DibFileTests
{
    private static string Dib(string name) => Fixtures.Path(Path.Combine("Polyglot", "dib", name));

    /// <summary>Each cell as (kernel, source): markdown for markdown cells, else the kernel its metadata names.</summary>
    private static List<(string Kernel, string Source)> Cells(Notebook nb)
        => nb.Cells.Select(c => (c.IsCode ? DibFile.KernelOf(c) : KernelNames.Markdown, c.Source)).ToList();

    private static List<(string Kernel, string Source)> OracleCells(JsonNode document)
        => document["elements"]!.AsArray().Select(e => ((string)e!["kernel"]!, (string)e["contents"]!)).ToList();

    [Theory]
    [InlineData("NotebookTestScript.dib")]
    [InlineData("COVID-19-fsharp.dib")]
    [InlineData("polyglot-telemetry.dib")]
    [InlineData("twoChallenges.dib")]
    [InlineData("teacherValidation.dib")]
    [InlineData("round-trip.approved.dib")]
    public void Cells_and_kernels_are_read_as_Polyglot_reads_them(string file)
    {
        var oracle = PolyglotOracle.Invoke(["parse-dib", Dib(file)]);
        var ours = DibFile.Read(Dib(file));
        Assert.Equal(OracleCells(oracle), Cells(ours));
        var declared = oracle["metadata"]?["kernelInfo"]?["items"]?.AsArray().Select(i => (string)i!["name"]!).Order().ToList() ?? [];
        var kept = (ours.Metadata["polyglot_notebook"]?["kernelInfo"]?["items"] as JsonArray ?? []).Select(i => (string)i!["name"]!).Order().ToList();
        if (File.ReadAllText(Dib(file)).StartsWith("#!meta", StringComparison.Ordinal)) Assert.Equal(declared, kept);
    }

    [Fact]
    public void A_dib_file_round_trips_unchanged_as_in_Polyglot_s_own_test()
    {
        var text = File.ReadAllText(Dib("round-trip.approved.dib")).ReplaceLineEndings("\n");
        Assert.Equal(text, DibFile.Serialize(DibFile.Parse(text)));
    }

    [Fact]
    public void A_notebook_written_as_dib_reads_in_Polyglot_as_the_notebook_does()
    {
        var ipynb = Dib("NotebookTestScript.ipynb");
        var path = Path.Combine(Path.GetTempPath(), $"labs-dib-{Guid.NewGuid():N}.dib");
        try
        {
            DibFile.Write(NotebookFile.Read(ipynb), path);
            Assert.Equal(OracleCells(PolyglotOracle.Invoke(["parse-ipynb", ipynb])), OracleCells(PolyglotOracle.Invoke(["parse-dib", path])));
            Assert.Equal(Cells(NotebookFile.Read(ipynb)), Cells(DibFile.Read(path)));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Converting_to_dib_and_back_keeps_cells_kernels_and_metadata()
    {
        var nb = Notebook.NewCSharp();
        nb.Metadata["labs"] = new JsonObject { ["profiles"] = new JsonObject { ["quick"] = new JsonObject { ["Epochs"] = 1 } } };
        nb.Cells.Add(Cell.Markdown("# Title\n\nText with #!csharp inside a line"));
        nb.Cells.Add(Cell.Code("var Epochs = 2;", "parameters"));
        var html = Cell.Code("<b>bold</b>");
        DibFile.SetKernel(html, KernelNames.Html);
        nb.Cells.Add(html);
        nb.Cells.Add(new Cell { CellType = CellTypes.Raw, Source = "raw text" });
        var code = Cell.Code("#!time\nConsole.WriteLine(1);\n\n\nConsole.WriteLine(2);");
        code.Metadata["custom"] = new JsonObject { ["k"] = 1 };
        nb.Cells.Add(code);

        var text = DibFile.Serialize(nb);
        Assert.StartsWith("#!meta\n\n{\"kernelInfo\":", text);
        Assert.Contains("\n#!markdown\n\n# Title\n", text);
        Assert.Contains("\n#!html\n\n<b>bold</b>\n", text);
        var back = DibFile.Parse(text);
        Assert.Equal(Cells(nb), Cells(back));
        Assert.Equal([CellTypes.Markdown, CellTypes.Code, CellTypes.Code, CellTypes.Raw, CellTypes.Code], back.Cells.Select(c => c.CellType));
        Assert.True(back.Cells[1].HasTag("parameters"));
        Assert.Equal(1, (int)back.Cells[4].Metadata["custom"]!["k"]!);
        Assert.Equal(1, (int)back.Metadata["labs"]!["profiles"]!["quick"]!["Epochs"]!);
        Assert.Equal(text, DibFile.Serialize(back));
        // Polyglot reads what we wrote the same way.
        var path = Path.Combine(Path.GetTempPath(), $"labs-dib-{Guid.NewGuid():N}.dib");
        try
        {
            File.WriteAllText(path, text);
            Assert.Equal(Cells(back).Select(c => c with { Kernel = c.Kernel }), OracleCells(PolyglotOracle.Invoke(["parse-dib", path])));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_bad_meta_part_names_the_file_and_the_fix()
    {
        var path = Path.Combine(Path.GetTempPath(), $"labs-dib-{Guid.NewGuid():N}.dib");
        try
        {
            File.WriteAllText(path, "#!meta\n\n{not json\n\n#!csharp\n\n1\n");
            var e = Assert.Throws<NotebookFormatException>(() => NotebookFile.Read(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("#!meta", e.Message);
        }
        finally { File.Delete(path); }
    }
}
