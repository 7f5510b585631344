using System.Text;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Charts;

/// <summary>
/// Chart outputs: a plotly figure (<c>{"data": [...], "layout": {...}}</c>) travels as the Plotly MIME type, which VS Code
/// (and JupyterLab with its plotly extension) draws itself, offline, so there a saved chart renders on its own and carries
/// no plotly.js. Its text/html is for front ends that draw only HTML (classic Notebook, nbconvert, JupyterLab without the
/// extension): with <see cref="EmbedScript"/> it carries plotly.js (about 3.5 MB), so each chart renders on its own, cleared
/// or re-run neighbours or not; without, it is a div that the page's plotly.js fills (labs' report pages inline it once).
/// The kernel embeds unless the front end is VS Code; <c>labs run</c> does not (its report draws the charts).
/// </summary>
public static class PlotlyFigure
{
    /// <summary>The Plotly MIME type (plotly.js's figure JSON).</summary>
    public const string MimeType = "application/vnd.plotly.v1+json";

    /// <summary>Whether each chart's HTML carries plotly.js (default off; hosts set it, LABS_PLOTLY_EMBED=1 or 0 decides over them).</summary>
    public static bool EmbedScript { get; set; } = Configured ?? false;

    /// <summary>What LABS_PLOTLY_EMBED says (1 or 0), or null when it is not set.</summary>
    public static bool? Configured => Environment.GetEnvironmentVariable("LABS_PLOTLY_EMBED") switch { "1" => true, "0" => false, _ => null };

    /// <summary>The text/html of a figure: a div, and a script that draws it with plotly.js (carried when <paramref name="embed"/>, default <see cref="EmbedScript"/>).</summary>
    public static string Html(JsonNode figure, bool? embed = null)
    {
        var id = "plotly-" + Guid.NewGuid().ToString("N");
        var height = (double?)(figure["layout"]?["height"] as JsonValue) is { } h ? $"{h:0}px" : "100%";
        var html = new StringBuilder();
        if ((embed ?? EmbedScript) && PlotlyScript.Text is { } plotly)
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
