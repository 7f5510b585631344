using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Notebooks.Model;
using Course.Notebooks.Output;
using Microsoft.AspNetCore.Html;

namespace Course.Notebooks.Execution;

/// <summary>
/// What every cell sees as globals: the .NET Interactive display API (<c>display</c>, <c>HTML</c>),
/// scrapbook's <c>glue</c> and the cell's <see cref="CancellationToken"/>.
/// </summary>
public class ScriptGlobals
{
    /// <summary>The MIME type scrapbook reads scraps from.</summary>
    public const string ScrapMimeType = "application/scrapbook.scrap.json+json";

    /// <summary>Shows a value in the cell's outputs (in the given MIME types, default the formatter's preferred ones).</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes) => DisplayedValue.Show(value, mimeTypes);

    /// <summary>Marks text as HTML: displayed (or returned as a trailing value) it renders as text/html.</summary>
    public IHtmlContent HTML(string html) => new HtmlString(html);

    /// <summary>Records a named value for scrapbook/graders (papermill's <c>glue</c>): a JSON-encoded scrap output.</summary>
    public void glue(string name, object? value)
    {
        var scrap = new JsonObject
        {
            ["name"] = name, ["data"] = JsonSerializer.SerializeToNode(value), ["encoder"] = "json", ["version"] = 1,
        };
        var output = Outputs.DisplayData(new JsonObject { [ScrapMimeType] = scrap });
        output["metadata"] = new JsonObject { ["scrapbook"] = new JsonObject { ["name"] = name, ["data"] = true, ["display"] = false } };
        if (CellContext.Current is { } sink) sink.Add(output);
    }

    /// <summary>Clears this cell's outputs so far (Jupyter's clear_output), e.g. to redraw a chart in a loop.</summary>
    public void ClearOutput(bool wait = false) => CellContext.Current?.Clear(wait);

    /// <summary>Cancelled when the cell times out or the run is stopped: check it in long loops.</summary>
    public CancellationToken CancellationToken => Cells.Cancellation;
}

/// <summary>Static access to the executing cell, for library code called from notebooks.</summary>
public static class Cells
{
    /// <summary>The executing cell's cancellation token (none outside a cell).</summary>
    public static CancellationToken Cancellation => CellContext.Current?.Cancellation ?? CancellationToken.None;
}
