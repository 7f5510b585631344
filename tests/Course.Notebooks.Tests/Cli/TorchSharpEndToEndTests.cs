using System.Text.Json.Nodes;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Cli;

/// <summary>
/// `labs run` on a notebook that loads TorchSharp with #r "nuget:", trains a tiny model and shows a Plotly chart:
/// the HTML page's chart renders in headless Chromium with the network blocked, inside the page's sandboxed frame
/// (Debian's chromium, see environment/test-packages.txt).
/// </summary>
public class TorchSharpEndToEndTests
{
    [Fact]
    public void TorchSharp_notebook_trains_and_its_chart_renders_offline_in_headless_chromium()
    {
        var output = Labs.NewOutputFolder();
        try
        {
            var r = Labs.Run("run", Fixtures.Path("torch_plotly.ipynb"), "-o", output, "--timeout", "300");
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            var nb = NotebookFile.Read(Path.Combine(output, "torch_plotly.ipynb"));
            var scrap = nb.Cells.SelectMany(c => c.Outputs).Select(o => o["data"]?[ScriptGlobals.ScrapMimeType]).OfType<JsonObject>().Single();
            Assert.True((double)scrap["data"]! < 0.01, $"the model did not train: final loss {scrap["data"]}");
            NbformatOracle.AssertValid(Path.Combine(output, "torch_plotly.ipynb"));

            // The chart lives in the page's sandboxed frame: its document, under the same policy, draws it offline...
            var page = File.ReadAllText(Path.Combine(output, "torch_plotly.html"));
            var framed = Path.Combine(output, "framed.html");
            File.WriteAllText(framed, Chromium.FramedDocument(page));
            Assert.Contains("class=\"main-svg\"", Chromium.RenderedDom(framed)); // plotly.js drew the chart
            // ...and in the page itself the frame's scripts ran and sized it.
            Assert.Matches("<iframe[^>]*style=\"height: [0-9]+px", Chromium.RenderedDom(Path.Combine(output, "torch_plotly.html")));
        }
        finally { Directory.Delete(output, recursive: true); }
    }
}
