using System.Text.Json.Nodes;

namespace Course.Kernel.Server;

/// <summary>
/// What the kernel needs from a notebook session: run a cell, complete, inspect, judge completeness. The kernel owns
/// the protocol; the session owns the language. One session lives from kernel start to shutdown or restart.
/// </summary>
public interface IKernelSession : IDisposable
{
    /// <summary>Runs one cell, writing its outputs to <paramref name="output"/> as they happen.</summary>
    /// <param name="code">The cell's source.</param>
    /// <param name="output">Where its outputs go (iopub messages).</param>
    /// <param name="cancel">Cancelled by an interrupt_request; long-running cells observe it between steps.</param>
    Task<ExecuteOutcome> ExecuteAsync(string code, IKernelOutput output, CancellationToken cancel);

    /// <summary>Completions at <paramref name="cursor"/> (a character offset into <paramref name="code"/>).</summary>
    Task<CompletionResult> CompleteAsync(string code, int cursor);

    /// <summary>Documentation of the symbol at <paramref name="cursor"/>.</summary>
    Task<InspectionResult> InspectAsync(string code, int cursor, int detailLevel);

    /// <summary>Whether <paramref name="code"/> is a complete submission (complete, incomplete or invalid).</summary>
    IsCompleteResult IsComplete(string code);

    /// <summary>Evaluates an expression for user_expressions; returns a mime bundle, or throws with the error.</summary>
    Task<JsonObject> EvaluateAsync(string expression, CancellationToken cancel);
}

/// <summary>Where a running cell sends its outputs; the kernel turns each into an iopub message.</summary>
public interface IKernelOutput
{
    void Stream(string name, string text);
    void DisplayData(JsonObject data, JsonObject metadata, string? displayId);
    void UpdateDisplayData(JsonObject data, JsonObject metadata, string displayId);
    void ExecuteResult(JsonObject data, JsonObject metadata);
    void ClearOutput(bool wait);

    /// <summary>The front end that sent the request, as its header's username says ("vscode" for VS Code's Jupyter extension).</summary>
    string? Client { get; }

    /// <summary>A line the user types in answer to <paramref name="prompt"/> (an input_request), or null when none can come.</summary>
    string? RequestInput(string prompt, bool password);
}

/// <summary>How a cell ended: ok, or an error with its name, value and traceback lines.</summary>
public sealed record ExecuteOutcome(bool Ok, string EName = "", string EValue = "", IReadOnlyList<string>? Traceback = null)
{
    public static readonly ExecuteOutcome Success = new(true);
}

/// <summary>The completions of a complete_request; <paramref name="Types"/> feeds Jupyter's <c>_jupyter_types_experimental</c>.</summary>
public sealed record CompletionResult(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd, IReadOnlyList<CompletionType>? Types = null);

/// <summary>What a completion is (method, property, keyword, snippet...) and a short description, for front ends that show them.</summary>
public sealed record CompletionType(string Text, string Type, string? Signature);

public sealed record InspectionResult(bool Found, string PlainText = "", string? Markdown = null);

/// <summary>complete, incomplete (with the indent for the next line), invalid or unknown.</summary>
public sealed record IsCompleteResult(string Status, string Indent = "");
