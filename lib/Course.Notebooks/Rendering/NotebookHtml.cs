using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;

namespace Course.Notebooks.Rendering;

/// <summary>
/// A self-contained HTML page of an executed notebook. The notebook's markdown, code and outputs (text, HTML, images,
/// errors) are a document of their own, shown in an <c>iframe sandbox="allow-scripts"</c> (an opaque origin: its
/// scripts, which Plotly charts need, cannot reach the page, its storage or the network, and cannot navigate or open
/// windows), under a Content-Security-Policy that loads nothing from outside; markdown is sanitized besides. The page
/// around it holds only the title and the status. Plotly charts get plotly.js inlined once (CDN script tags removed),
/// so they work offline.
/// </summary>
public static partial class NotebookHtml
{
    /// <summary>
    /// The policy of notebook pages and of the notebook document framed in them (a framed srcdoc inherits its page's
    /// policy): inline scripts (charts) but nothing fetched, no connection, no form, no base URL.
    /// </summary>
    public const string Policy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; " +
        "connect-src 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Renders the page; <paramref name="status"/> is a line shown under the title.</summary>
    public static string Render(Notebook nb, string title, string status)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n").Append(HtmlSafety.PolicyMeta(Policy)).Append('\n')
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(PageStyle.Css)
            .Append("\niframe.notebook { width: 100%; min-height: 70vh; border: 0; }</style>\n</head>\n<body>\n<h1 class=\"title\">")
            .Append(Encode(title)).Append("</h1>\n<p class=\"status\">").Append(Encode(status)).Append("</p>\n")
            .Append("<iframe class=\"notebook\" sandbox=\"allow-scripts\" referrerpolicy=\"no-referrer\" title=\"")
            .Append(Encode(title)).Append("\" srcdoc=\"").Append(Encode(RenderDocument(nb, title))).Append("\"></iframe>\n")
            .Append("<script>").Append(HeightListener).Append("</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>The notebook document that <see cref="Render"/> frames: cells and outputs, charts' script, and its own policy.</summary>
    public static string RenderDocument(Notebook nb, string title)
    {
        var body = new StringBuilder();
        foreach (var cell in nb.Cells) RenderCell(body, cell);
        var text = body.ToString();
        var needsPlotly = text.Contains("Plotly.newPlot", StringComparison.Ordinal) || text.Contains("cdn.plot.ly", StringComparison.Ordinal);
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n").Append(HtmlSafety.PolicyMeta(Policy)).Append('\n')
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(PageStyle.Css).Append("\nbody { margin: 0 auto; }</style>\n");
        if (needsPlotly && PlotlyScript.Text is { } plotly)
        {
            text = PlotlyCdnTag().Replace(text, "");
            page.Append("<script type=\"text/javascript\">\n").Append(plotly.Replace("</script", "<\\/script")).Append("\n</script>\n")
                .Append("<script type=\"text/javascript\">").Append(RequireShim).Append("</script>\n");
        }
        page.Append("</head>\n<body>\n").Append(text).Append("<script>").Append(HeightReporter).Append("</script>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Plotly.NET's notebook HTML loads plotly through require.js; with plotly.js inlined, this answers it locally.</summary>
    private const string RequireShim =
        "if (typeof window.requirejs !== 'function') { var r = function(deps, cb) { if (cb) cb(window.Plotly); }; " +
        "r.config = function() { return r; }; window.requirejs = r; if (typeof window.require !== 'function') window.require = r; }";

    /// <summary>In the framed notebook: tells the page its height (the page cannot look inside an opaque origin).</summary>
    private const string HeightReporter =
        "(function () { function post() { parent.postMessage({ labsHeight: document.documentElement.scrollHeight }, '*'); } " +
        "window.addEventListener('load', post); if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement); post(); })();";

    /// <summary>In the page: sizes the frame to the height its own document reports (a number, clamped), nothing else.</summary>
    private const string HeightListener =
        "(function () { var f = document.querySelector('iframe.notebook'); window.addEventListener('message', function (e) { " +
        "if (e.source !== f.contentWindow || !e.data || typeof e.data.labsHeight !== 'number') return; " +
        "f.style.height = Math.max(200, Math.min(e.data.labsHeight + 24, 5000000)) + 'px'; }); })();";

    private static void RenderCell(StringBuilder html, Cell cell)
    {
        switch (cell.CellType)
        {
            case CellTypes.Markdown:
                html.Append("<div class=\"cell markdown\">").Append(MarkdownHtml.ToHtml(cell.Source)).Append("</div>\n");
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
        if (data.ContainsKey("text/html")) return Text("text/html");
        if (data.ContainsKey("image/svg+xml")) return Text("image/svg+xml");
        foreach (var image in new[] { "image/png", "image/jpeg", "image/gif" })
            if (data.ContainsKey(image))
                return $"<img src=\"data:{image};base64,{Text(image).Replace("\n", "")}\" alt=\"output\">";
        if (data.ContainsKey("text/markdown")) return MarkdownHtml.ToHtml(Text("text/markdown"));
        if (data[ScriptGlobals.ScrapMimeType] is JsonObject scrap)
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
