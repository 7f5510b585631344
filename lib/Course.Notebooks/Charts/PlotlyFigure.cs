using System.Text;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Charts;

/// <summary>
/// Chart outputs: a plotly figure (<c>{"data": [...], "layout": {...}}</c>) travels as the Plotly MIME type, which VS Code
/// and JupyterLab draw themselves, offline, so a saved chart renders on its own and no output carries plotly.js. Its
/// text/html, for front ends that draw only HTML, is a div that plotly.js fills where the page has it (labs' report
/// pages inline it once); with <see cref="EmbedScript"/> every chart's HTML carries plotly.js instead (about 3.5 MB each),
/// for front ends that know neither.
/// </summary>
public static class PlotlyFigure
{
    /// <summary>The Plotly MIME type (plotly.js's figure JSON).</summary>
    public const string MimeType = "application/vnd.plotly.v1+json";

    /// <summary>Whether each chart's HTML carries plotly.js (LABS_PLOTLY_EMBED=1 sets it).</summary>
    public static bool EmbedScript { get; set; } = Environment.GetEnvironmentVariable("LABS_PLOTLY_EMBED") == "1";

    /// <summary>The text/html of a figure: a div, and a script that draws it with the page's plotly.js.</summary>
    public static string Html(JsonNode figure)
    {
        var id = "plotly-" + Guid.NewGuid().ToString("N");
        var height = (double?)(figure["layout"]?["height"] as JsonValue) is { } h ? $"{h:0}px" : "100%";
        var html = new StringBuilder();
        if (EmbedScript && PlotlyScript.Text is { } plotly)
            // AMD's define (classic Jupyter's require.js) is hidden so that plotly.js sets window.Plotly.
            html.Append("<script type=\"text/javascript\">(function(){var __define=window.define;window.define=undefined;\n")
                .Append(plotly.Replace("</script", "<\\/script")).Append("\nwindow.define=__define;})();</script>");
        html.Append($"<div id=\"{id}\" class=\"plotly-figure\" style=\"width:100%;height:{height};min-height:360px\"></div>")
            .Append("<script type=\"text/javascript\">(function(){var figure=")
            .Append(figure.ToJsonString().Replace("</", "<\\/"))
            .Append($";var el=document.getElementById('{id}'),tries=0;")
            .Append("function draw(){if(!window.Plotly){if(++tries<200){return setTimeout(draw,50);}")
            .Append("el.textContent='This chart needs plotly.js: open the notebook in VS Code or JupyterLab, or see the HTML report labs run writes.';return;}")
            .Append("window.Plotly.newPlot(el,figure.data,figure.layout||{},figure.config||{responsive:true});}draw();})();</script>");
        return html.ToString();
    }

    /// <summary>Gives a bundle holding a figure its text/html (replacing any), so every chart is drawn the same way.</summary>
    public static void CompleteBundle(JsonObject bundle)
    {
        if (bundle[MimeType] is JsonObject figure) bundle["text/html"] = Html(figure);
    }
}
