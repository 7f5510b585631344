using System.Text;
using Course.Notebooks.Contract;
using Course.Notebooks.Model;
using Course.Notebooks.Rendering;

namespace Course.Cli.Reports;

/// <summary>Writes each executed notebook's HTML page and the index page of a run.</summary>
public static class ReportWriter
{
    /// <summary>Writes NAME.html beside the executed notebook; returns its path (null when there is no notebook to show).</summary>
    public static string? WritePage(NotebookOutcome outcome)
    {
        if (outcome.OutputNotebook is null || !File.Exists(outcome.OutputNotebook)) return null;
        var nb = NotebookFile.Read(outcome.OutputNotebook);
        var html = Path.ChangeExtension(outcome.OutputNotebook, ".html");
        var status = $"{outcome.Status} - {outcome.CellsRun}/{outcome.CodeCells} code cells run in {outcome.DurationSeconds:0.0} s"
                     + (outcome.Error is null ? "" : $" - {outcome.Error}");
        AtomicFile.WriteAllText(html, NotebookHtml.Render(nb, Path.GetFileName(outcome.Notebook), status));
        return html;
    }

    /// <summary>Writes index.html in <paramref name="folder"/>: one row per notebook, linking its page.</summary>
    public static string WriteIndex(string folder, IReadOnlyList<NotebookOutcome> outcomes)
    {
        var rows = new StringBuilder();
        foreach (var o in outcomes)
        {
            var link = o.OutputHtml is null ? NotebookHtml.Encode(Path.GetFileName(o.Notebook))
                : $"<a href=\"{NotebookHtml.Encode(Path.GetRelativePath(folder, o.OutputHtml))}\">{NotebookHtml.Encode(Path.GetFileName(o.Notebook))}</a>";
            rows.Append($"<tr><td>{link}</td><td class=\"{NotebookHtml.Encode(o.Status)}\">{NotebookHtml.Encode(o.Status)}</td><td>{o.CellsRun}/{o.CodeCells}</td>")
                .Append($"<td>{o.DurationSeconds:0.0} s</td><td>{NotebookHtml.Encode(o.Error ?? "")}</td></tr>\n");
        }
        var passed = outcomes.Count(o => o.Status == NotebookOutcome.Statuses.Passed);
        var page = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">{HtmlSafety.PolicyMeta(HtmlSafety.NoScriptPolicy)}<title>labs run</title><style>{PageStyle.Css}</style></head>
            <body><h1>labs run</h1><p class="status">{passed} of {outcomes.Count} notebooks passed - {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC</p>
            <table class="summary"><tr><th>notebook</th><th>status</th><th>cells</th><th>time</th><th>error</th></tr>
            {rows}</table></body></html>

            """;
        var path = Path.Combine(folder, "index.html");
        AtomicFile.WriteAllText(path, page);
        return path;
    }
}
