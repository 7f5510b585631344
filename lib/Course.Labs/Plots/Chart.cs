using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Course.Labs.Display;

namespace Course.Labs.Plots;

/// <summary>
/// A plotly.js figure (traces and layout as plotly's JSON schema) that renders inline in a notebook, offline,
/// and saves as a standalone HTML page. Build one with <see cref="Charts"/>.
/// </summary>
public sealed class Chart : IPlotlyFigure
{
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public Chart(string title, IReadOnlyList<object> traces, Dictionary<string, object?> layout, int height = 420)
    {
        Title = title;
        Traces = traces;
        Layout = layout;
        Height = height;
        Layout["title"] = new { text = title };
        Layout["height"] = height;
    }

    public string Title { get; }
    public IReadOnlyList<object> Traces { get; }
    public Dictionary<string, object?> Layout { get; }
    public int Height { get; }

    /// <summary>The figure as plotly JSON: <c>{"data": [...], "layout": {...}}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { data = Traces, layout = Layout }, Json);

    /// <summary>
    /// A div and a script that draws the figure with the page's plotly.js (no copy of plotly.js: notebook hosts draw the
    /// figure from its Plotly MIME type, see <see cref="PlotlyMimeType"/>, and pages that show this HTML load plotly.js once).
    /// </summary>
    public string ToHtml()
    {
        string id = "labs-chart-" + Guid.NewGuid().ToString("N");
        var html = new StringBuilder();
        html.Append($"<div id=\"{id}\" style=\"width:100%;height:{Height}px\"></div>");
        html.Append("<script type=\"text/javascript\">(function(){var figure=").Append(ToJson().Replace("</", "<\\/")).Append(';');
        html.Append($"function draw(){{if(!window.Plotly){{return setTimeout(draw,50);}}window.Plotly.newPlot('{id}',figure.data,figure.layout,{{responsive:true}});}}draw();}})();</script>");
        return html.ToString();
    }

    /// <summary>The Plotly MIME type: notebook front ends (VS Code, JupyterLab) draw <see cref="ToJson"/> themselves, offline.</summary>
    public const string PlotlyMimeType = IPlotlyFigure.MimeType;

    /// <summary>Writes a standalone HTML page (plotly.js included, from Plotly.NET's embedded copy) to <paramref name="path"/>.</summary>
    public void SaveHtml(string path)
    {
        var plotly = typeof(Plotly.NET.GenericChart).Assembly;
        string resource = plotly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(plotly.GetManifestResourceStream(resource)!);
        string script = reader.ReadToEnd().Replace("</script", "<\\/script");
        File.WriteAllText(path, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(Title)}</title>" +
                                $"<script type=\"text/javascript\">{script}</script></head><body>{ToHtml()}</body></html>");
    }

    public override string ToString() => $"Chart '{Title}' ({Traces.Count} traces)";
}
