using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Output;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Cli;

/// <summary>
/// `labs run` on a notebook that loads TorchSharp with #r "nuget:", trains a tiny model and shows a Plotly chart:
/// the HTML page's chart renders in headless Chromium with the network blocked (Debian's chromium, see
/// environment/test-packages.txt).
/// </summary>
public class TorchSharpEndToEndTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public void TorchSharp_notebook_trains_and_its_chart_renders_offline_in_headless_chromium()
    {
        var output = Labs.NewOutputFolder();
        try
        {
            var r = Labs.Run("run", Fixtures.Path("torch_plotly.ipynb"), "-o", output, "--timeout", "300");
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            var nb = NotebookFile.Read(Path.Combine(output, "torch_plotly.ipynb"));
            var scrap = nb.Cells.SelectMany(c => c.Outputs).Select(o => o["data"]?[Scrapbook.MimeType]).OfType<JsonObject>().Single();
            Assert.True((double)scrap["data"]! < 0.01, $"the model did not train: final loss {scrap["data"]}");
            NbformatOracle.AssertValid(Path.Combine(output, "torch_plotly.ipynb"));

            Assert.True(File.Exists(Chromium), "headless Chromium is needed for this test: apt-get install -y chromium");
            var dom = RenderedDom(Path.Combine(output, "torch_plotly.html"));
            Assert.Contains("class=\"main-svg\"", dom); // plotly.js drew the chart
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    private static string RenderedDom(string page)
    {
        var psi = new ProcessStartInfo(Chromium)
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--proxy-server=127.0.0.1:9", "--virtual-time-budget=10000", "--dump-dom", new Uri(page).AbsoluteUri,
            },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        _ = p.StandardError.ReadToEndAsync();
        var dom = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return dom;
    }
}
