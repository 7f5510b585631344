using System.Text.Json.Nodes;
using Course.Notebooks.Model;
using Course.Notebooks.Rendering;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Rendering;

public class NotebookHtmlTests
{
    [Fact]
    public void Plotly_charts_get_the_embedded_plotly_js_once_and_no_cdn_tag()
    {
        Assert.NotNull(PlotlyScript.Text); // Plotly.NET 6.0.0 is in the NuGet cache of every course machine (Directory.Packages.props)
        var nb = Notebook.NewCSharp();
        for (var i = 0; i < 2; i++)
        {
            var cell = Cell.Code($"chart{i}");
            cell.Outputs.Add(Outputs.DisplayData(new JsonObject
            {
                ["text/html"] = $"<div id=\"c{i}\"></div><script src=\"https://cdn.plot.ly/plotly-2.28.0.min.js\" charset=\"utf-8\"></script><script>Plotly.newPlot('c{i}', [], {{}});</script>",
            }));
            nb.Cells.Add(cell);
        }
        var document = NotebookHtml.RenderDocument(nb, "charts");
        Assert.DoesNotContain("src=\"https://cdn.plot.ly", document);
        Assert.Equal(1, Count(document, "plotly.js v2.28.0"));
        Assert.Contains("Plotly.newPlot('c1'", document);
        Assert.Equal(document, Chromium.FramedDocument(NotebookHtml.Render(nb, "charts", "passed")));
    }

    [Fact]
    public void Pages_without_charts_stay_small_and_show_every_output_kind()
    {
        var nb = Notebook.NewCSharp();
        nb.Cells.Add(Cell.Markdown("# Title\nSome **bold** and `code <x>`.\n- one\n- two"));
        var cell = Cell.Code("var a = \"<tag>\";");
        cell.Outputs.Add(Outputs.Stream("stdout", "printed <text>\n"));
        cell.Outputs.Add(Outputs.DisplayData(new JsonObject { ["image/png"] = "iVBORw0KGgo=", ["text/plain"] = "img" }));
        cell.Outputs.Add(Outputs.Error("InvalidOperationException", "cell 2 (id x), line 1: bad", ["trace"]));
        nb.Cells.Add(cell);
        var page = NotebookHtml.RenderDocument(nb, "t");
        Assert.True(NotebookHtml.Render(nb, "t", "failed").Length < 30_000);
        Assert.Contains("<h1>Title</h1>", page);
        Assert.Contains("<strong>bold</strong>", page);
        Assert.Contains("<code>code &lt;x&gt;</code>", page);
        Assert.Contains("<li>two</li>", page);
        Assert.Contains("var a = &quot;&lt;tag&gt;&quot;;", page);
        Assert.Contains("printed &lt;text&gt;", page);
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", page);
        Assert.Contains("line 1: bad", page);
    }

    [Fact]
    public void The_notebook_is_framed_in_a_sandbox_under_a_policy_and_its_markdown_is_sanitized()
    {
        var nb = Notebook.NewCSharp();
        nb.Cells.Add(Cell.Markdown("[click](javascript:alert(1)) <img src=x onerror=\"alert(2)\"> <script>alert(3)</script> <form action=\"https://x\"><input></form>"));
        var page = NotebookHtml.Render(nb, "<evil>", "passed");
        var framed = Chromium.FramedDocument(page);
        Assert.Contains("<iframe class=\"notebook\" sandbox=\"allow-scripts\"", page);
        Assert.DoesNotContain("allow-same-origin", page);
        Assert.Equal(1, Count(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
        Assert.Equal(1, Count(framed, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
        Assert.Contains("connect-src 'none'", framed);
        Assert.Contains("&lt;evil&gt;", page);
        foreach (var bad in new[] { "javascript:", "onerror", "alert(3)", "<form", "<input" }) Assert.DoesNotContain(bad, framed);
    }

    [Fact]
    public void A_script_in_an_output_cannot_reach_the_page_in_headless_chromium()
    {
        var folder = Directory.CreateTempSubdirectory("labs-xss-").FullName;
        try
        {
            var nb = Notebook.NewCSharp();
            var cell = Cell.Code("display(HTML(...))");
            cell.Outputs.Add(Outputs.DisplayData(new JsonObject
            {
                ["text/html"] = "<p id=inside>output</p><script>document.getElementById('inside').textContent = 'ran';" +
                                "if (window !== parent) try { parent.document.title = 'pwned'; parent.document.body.innerHTML = 'PWNED'; } catch (e) { document.title = 'blocked'; }" +
                                "try { if (window !== top) top.location = 'https://example.invalid/'; } catch (e) { }</script>",
            }));
            nb.Cells.Add(cell);
            var page = Path.Combine(folder, "page.html");
            File.WriteAllText(page, NotebookHtml.Render(nb, "the grader's title", "passed"));
            var dom = Chromium.RenderedDom(page);
            Assert.Contains("<title>the grader's title</title>", dom);
            Assert.Contains("<h1 class=\"title\">the grader's title</h1>", dom);
            Assert.DoesNotContain("<body>PWNED", dom);
            Assert.Matches("<iframe[^>]*style=\"height: [0-9]+px", dom);   // the frame's own scripts did run

            var framed = Path.Combine(folder, "framed.html");
            File.WriteAllText(framed, Chromium.FramedDocument(File.ReadAllText(page)));
            Assert.Contains(">ran</p>", Chromium.RenderedDom(framed));   // scripts run inside the frame's document
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
