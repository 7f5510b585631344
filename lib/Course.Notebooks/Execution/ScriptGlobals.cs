using Course.Notebooks.Output;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;

namespace Course.Notebooks.Execution;

/// <summary>
/// What every cell sees as globals: Polyglot's C# kernel helpers (<c>display</c>, <c>HTML</c>, <c>Javascript</c>,
/// <c>CSS</c>, <c>GetInputAsync</c>..., see <see cref="Kernel"/>), <c>Markdown</c>, scrapbook's <c>glue</c>,
/// <c>ClearOutput</c> and the cell's <see cref="CancellationToken"/>.
/// </summary>
public class ScriptGlobals
{
    /// <summary>Shows a value in the cell's outputs (in the given MIME types, default the formatter's preferred ones).</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes) => Kernel.display(value, mimeTypes);

    /// <summary>Marks text as HTML: displayed (or returned as a trailing value) it renders as text/html.</summary>
    public IHtmlContent HTML(string html) => Kernel.HTML(html);

    /// <summary>Runs JavaScript in the front end (a text/html output holding the script).</summary>
    public void Javascript(string scriptContent) => Kernel.Javascript(scriptContent);

    /// <summary>Adds a stylesheet to the front end's page.</summary>
    public void CSS(string content) => Kernel.CSS(content);

    /// <summary>Marks text as Markdown: displayed (or returned as a trailing value) it renders as text/markdown.</summary>
    public MarkdownString Markdown(string markdown) => Kernel.Markdown(markdown);

    /// <summary>Asks the user for a line of text; null when nobody can answer (a headless run).</summary>
    public Task<string?> GetInputAsync(string prompt = "", string typeHint = "text") => Kernel.GetInputAsync(prompt, typeHint);

    /// <summary>Asks the user for a password (hidden as it is typed).</summary>
    public Task<PasswordString> GetPasswordAsync(string prompt = "") => Kernel.GetPasswordAsync(prompt);

    /// <summary>Records a named value for scrapbook/graders (papermill's <c>glue</c>): a JSON-encoded scrap output.</summary>
    public void glue(string name, object? value) => Scrapbook.Glue(name, value);

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
