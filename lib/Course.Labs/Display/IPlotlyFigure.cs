namespace Course.Labs.Display;

/// <summary>
/// A chart that notebook front ends (VS Code, JupyterLab) draw themselves, offline, from its plotly figure sent as the
/// Plotly MIME type; its <see cref="IHtmlContent.ToHtml"/> is for hosts that show only HTML.
/// </summary>
public interface IPlotlyFigure : IHtmlContent
{
    /// <summary>The Plotly MIME type (plotly.js's figure JSON).</summary>
    const string MimeType = "application/vnd.plotly.v1+json";

    /// <summary>The figure as plotly JSON: <c>{"data": [...], "layout": {...}}</c>.</summary>
    string ToJson();
}
