using System.Globalization;
using System.Net;
using System.Text;
using Course.Labs.Display;

namespace Course.Labs.Models;

/// <summary>
/// A table of a model's leaf layers (name, type, output shape, parameters) and its parameter totals.
/// Renders as an HTML table in a notebook and as aligned text with <see cref="ToString"/>.
/// </summary>
public sealed class ModelSummary : IHtmlContent
{
    public ModelSummary(string modelName, long[] inputShape, IReadOnlyList<LayerSummary> layers, long totalParameters, long trainableParameters)
    {
        ModelName = modelName;
        InputShape = inputShape;
        Layers = layers;
        TotalParameters = totalParameters;
        TrainableParameters = trainableParameters;
    }

    public string ModelName { get; }
    public long[] InputShape { get; }
    public IReadOnlyList<LayerSummary> Layers { get; }
    public long TotalParameters { get; }
    public long TrainableParameters { get; }

    /// <summary>Number of rows whose layer type is one of <paramref name="types"/> (e.g. "Conv2d", "Linear").</summary>
    public int CountLayers(params string[] types) => Layers.Count(l => types.Contains(l.Type));

    internal static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public override string ToString()
    {
        var header = new[] { "Layer", "Type", "Output shape", "Params" };
        var rows = Layers.Select(l => new[] { l.Name, l.Type, Shape(l.OutputShape), Count(l.Parameters) }).ToList();
        var widths = Enumerable.Range(0, 4).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == 3 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        var text = new StringBuilder();
        text.AppendLine($"{ModelName}, input {Shape(InputShape)}");
        text.AppendLine(Line(header));
        text.AppendLine(new string('-', widths.Sum() + 6));
        foreach (var row in rows) text.AppendLine(Line(row));
        text.AppendLine(new string('-', widths.Sum() + 6));
        text.AppendLine($"Total params: {Count(TotalParameters)}");
        text.AppendLine($"Trainable params: {Count(TrainableParameters)}");
        text.Append($"Non-trainable params: {Count(TotalParameters - TrainableParameters)}");
        return text.ToString();
    }

    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<div class=\"labs-summary\"><table>");
        html.Append($"<caption style=\"text-align:left\"><b>{WebUtility.HtmlEncode(ModelName)}</b>, input {Shape(InputShape)}</caption>");
        html.Append("<thead><tr><th style=\"text-align:left\">Layer</th><th style=\"text-align:left\">Type</th><th style=\"text-align:left\">Output shape</th><th style=\"text-align:right\">Params</th></tr></thead><tbody>");
        foreach (var l in Layers)
            html.Append($"<tr><td style=\"text-align:left\"><code>{WebUtility.HtmlEncode(l.Name)}</code></td><td style=\"text-align:left\">{WebUtility.HtmlEncode(l.Type)}</td><td style=\"text-align:left\">{Shape(l.OutputShape)}</td><td style=\"text-align:right\">{Count(l.Parameters)}</td></tr>");
        html.Append("</tbody></table>");
        html.Append($"<p>Total params: <b>{Count(TotalParameters)}</b> &middot; trainable: {Count(TrainableParameters)} &middot; non-trainable: {Count(TotalParameters - TrainableParameters)}</p></div>");
        return html.ToString();
    }
}
