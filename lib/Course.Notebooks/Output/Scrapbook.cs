using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Notebooks.Output;

/// <summary>scrapbook's scraps: named values a cell records for graders and reports (papermill's <c>glue</c>).</summary>
public static class Scrapbook
{
    /// <summary>The MIME type scrapbook reads scraps from.</summary>
    public const string MimeType = "application/scrapbook.scrap.json+json";

    /// <summary>Records <paramref name="value"/> under <paramref name="name"/> as a JSON-encoded scrap output of the current cell.</summary>
    public static void Glue(string name, object? value)
    {
        var scrap = new JsonObject
        {
            ["name"] = name, ["data"] = JsonSerializer.SerializeToNode(value), ["encoder"] = "json", ["version"] = 1,
        };
        var output = Outputs.DisplayData(new JsonObject { [MimeType] = scrap });
        output["metadata"] = new JsonObject { ["scrapbook"] = new JsonObject { ["name"] = name, ["data"] = true, ["display"] = false } };
        CellContext.Current?.Add(output);
    }
}
