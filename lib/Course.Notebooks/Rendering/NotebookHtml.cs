using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Course.Notebooks.Charts;
using Course.Notebooks.Output;
using Course.Notebooks.Model;

namespace Course.Notebooks.Rendering;

/// <summary>
/// A self-contained HTML page of an executed notebook: markdown, code, outputs (text, HTML, images, errors).
/// Pages with Plotly charts get plotly.js inlined once in the head (CDN script tags removed), so they work offline.
/// </summary>
public static partial class NotebookHtml
{
    /// <summary>Renders the notebook; <paramref name="status"/> is a line shown under the title.</summary>
    public static string Render(Notebook nb, string title, string status)
    {
        var body = new StringBuilder();
        foreach (var cell in nb.Cells) RenderCell(body, cell);
        var text = body.ToString();
        var needsPlotly = text.Contains("Plotly.newPlot", StringComparison.Ordinal) || text.Contains("cdn.plot.ly", StringComparison.Ordinal);
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(PageStyle.Css).Append("</style>\n");
        if (needsPlotly && PlotlyScript.Text is { } plotly)
        {
            text = PlotlyCdnTag().Replace(text, "");
            page.Append("<script type=\"text/javascript\">\n").Append(plotly.Replace("</script", "<\\/script")).Append("\n</script>\n")
                .Append("<script type=\"text/javascript\">").Append(RequireShim).Append("</script>\n");
        }
        page.Append("</head>\n<body>\n<h1 class=\"title\">").Append(Encode(title)).Append("</h1>\n<p class=\"status\">")
            .Append(Encode(status)).Append("</p>\n").Append(text).Append("</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Plotly.NET's notebook HTML loads plotly through require.js; with plotly.js inlined, this answers it locally.</summary>
    private const string RequireShim =
        "if (typeof window.requirejs !== 'function') { var r = function(deps, cb) { if (cb) cb(window.Plotly); }; " +
        "r.config = function() { return r; }; window.requirejs = r; if (typeof window.require !== 'function') window.require = r; }";

    private static void RenderCell(StringBuilder html, Cell cell)
    {
        switch (cell.CellType)
        {
            case CellTypes.Markdown:
                html.Append("<div class=\"cell markdown\">").Append(Markdown.ToHtml(cell.Source)).Append("</div>\n");
                break;
            case CellTypes.Code:
                var status = (string?)cell.Metadata["papermill"]?["status"] ?? "";
                var duration = cell.Metadata["papermill"]?["duration"] is JsonValue d && d.TryGetValue<double>(out var s) ? $" {s:0.###} s" : "";
                html.Append($"<div class=\"cell code {Encode(status)}\" id=\"cell-{Encode(cell.Id)}\">")
                    .Append($"<div class=\"prompt\">In [{cell.ExecutionCount?.ToString() ?? " "}]:<span class=\"timing\">{Encode(status)}{duration}</span></div>")
                    .Append("<pre class=\"source\">").Append(Encode(cell.Source)).Append("</pre>\n");
                foreach (var output in cell.Outputs) RenderOutput(html, output);
                html.Append("</div>\n");
                break;
            default:
                html.Append("<pre class=\"cell raw\">").Append(Encode(cell.Source)).Append("</pre>\n");
                break;
        }
    }

    private static void RenderOutput(StringBuilder html, JsonObject output)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                html.Append($"<pre class=\"output stream {Encode((string?)output["name"] ?? "")}\">")
                    .Append(Encode(NotebookFile.JoinLines(output["text"]))).Append("</pre>\n");
                break;
            case "error":
                var traceback = string.Join('\n', (output["traceback"] as JsonArray ?? []).Select(t => (string?)t));
                html.Append("<pre class=\"output error\">").Append(Encode($"{output["ename"]}: {output["evalue"]}\n{traceback}")).Append("</pre>\n");
                break;
            case "display_data" or "execute_result" when output["data"] is JsonObject data:
                html.Append("<div class=\"output display\">").Append(RenderData(data)).Append("</div>\n");
                break;
        }
    }

    private static string RenderData(JsonObject data)
    {
        string Text(string mime) => NotebookFile.JoinLines(data[mime]);
        // A chart is drawn from its figure with the page's one plotly.js, whatever copy its own HTML carries.
        if (data[PlotlyFigure.MimeType] is JsonObject figure) return PlotlyFigure.Html(figure, embed: false);
        if (data.ContainsKey("text/html")) return Text("text/html");
        if (data.ContainsKey("image/svg+xml")) return Text("image/svg+xml");
        foreach (var image in new[] { "image/png", "image/jpeg", "image/gif" })
            if (data.ContainsKey(image))
                return $"<img src=\"data:{image};base64,{Text(image).Replace("\n", "")}\" alt=\"output\">";
        if (data.ContainsKey("text/markdown")) return Markdown.ToHtml(Text("text/markdown"));
        if (data[Scrapbook.MimeType] is JsonObject scrap)
            return $"<pre class=\"scrap\">scrap {Encode((string?)scrap["name"] ?? "")} = {Encode(scrap["data"]?.ToJsonString() ?? "null")}</pre>";
        if (data.ContainsKey("text/plain")) return "<pre>" + Encode(Text("text/plain")) + "</pre>";
        var first = data.FirstOrDefault();
        return first.Key is null ? "" : $"<pre>{Encode(first.Key)}: {Encode(first.Value?.ToJsonString() ?? "")}</pre>";
    }

    /// <summary>HTML-encodes text.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex("<script[^>]*src=\"https?://cdn\\.plot\\.ly/[^\"]*\"[^>]*>\\s*</script>", RegexOptions.IgnoreCase)]
    private static partial Regex PlotlyCdnTag();
}
