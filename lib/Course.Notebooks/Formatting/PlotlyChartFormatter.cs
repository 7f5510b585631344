using System.Reflection;
using System.Text.Json.Nodes;
using Course.Notebooks.Charts;
using Microsoft.DotNet.Interactive.Formatting;

namespace Course.Notebooks.Formatting;

/// <summary>
/// Plotly.NET's charts (<c>GenericChart</c>, what <c>Chart.Line(...)</c> returns) as the Plotly MIME type and offline
/// HTML (<see cref="PlotlyFigure"/>), without Plotly.NET.Interactive, whose HTML loads plotly.js from a CDN. Found by
/// name in the Plotly.NET a notebook loads, so the engine needs no reference to it.
/// </summary>
internal static class PlotlyChartFormatter
{
    /// <summary>Registers the formatters when <paramref name="assembly"/> is Plotly.NET.</summary>
    public static void RegisterFrom(Assembly assembly)
    {
        if (assembly.IsDynamic || assembly.GetName().Name != "Plotly.NET") return;
        var chartType = assembly.GetType("Plotly.NET.GenericChart");
        var toFigureJson = chartType?.GetMethod("toFigureJson", BindingFlags.Public | BindingFlags.Static, [chartType]);
        if (chartType is null || toFigureJson is null) return;
        JsonNode Figure(object chart) => JsonNode.Parse((string)toFigureJson.Invoke(null, [chart])!)!;
        Formatter.Register(chartType, (chart, writer) => writer.Write(Figure(chart).ToJsonString()), PlotlyFigure.MimeType);
        Formatter.Register(chartType, (chart, writer) => writer.Write(PlotlyFigure.Html(Figure(chart))), "text/html");
        Formatter.SetPreferredMimeTypesFor(chartType, PlotlyFigure.MimeType, "text/html");
    }
}
