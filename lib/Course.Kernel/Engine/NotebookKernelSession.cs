using System.Text.Json.Nodes;
using Course.Kernel.Language;
using Course.Kernel.Server;
using Course.Notebooks.Charts;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Output;

namespace Course.Kernel.Engine;

/// <summary>
/// The notebook engine behind the kernel: one <see cref="ScriptSession"/> (the same engine as <c>labs run</c>, so a
/// notebook gives the same outputs in both), its outputs forwarded to iopub as they happen.
/// </summary>
public sealed class NotebookKernelSession : IKernelSession
{
    private readonly ScriptSession session;
    private readonly CSharpLanguageService language;
    private int cellNumber;

    /// <param name="workingDirectory">The folder cells run in (Jupyter starts kernels in the notebook's folder).</param>
    public NotebookKernelSession(string workingDirectory)
    {
        session = new ScriptSession(workingDirectory);
        language = new CSharpLanguageService(() => new SessionShape(session.Submissions, session.References, ScriptReferences.DefaultImports, typeof(ScriptGlobals)));
    }

    public async Task<ExecuteOutcome> ExecuteAsync(string code, IKernelOutput output, CancellationToken cancel)
    {
        int number = Interlocked.Increment(ref cellNumber);
        var outputs = new List<JsonObject>();
        var sink = new CellOutputSink(outputs, cancel) { InputReader = output.RequestInput };
        // VS Code draws charts from their Plotly MIME type: their HTML need not carry plotly.js there; elsewhere it must.
        PlotlyFigure.EmbedScript = PlotlyFigure.Configured ?? output.Client != "vscode";
        sink.Published += e => Forward(e, output);
        var outcome = await session.ExecuteAsync(code, new CellLabel(number, $"kernel-{number}"), sink, number, cancel);
        return outcome.Status switch
        {
            CellStatus.Completed => ExecuteOutcome.Success,
            CellStatus.TimedOut => new ExecuteOutcome(false, "KeyboardInterrupt", "the cell was interrupted", ["KeyboardInterrupt: the cell was interrupted"]),
            _ => ToOutcome(outcome.Error),
        };
    }

    private static ExecuteOutcome ToOutcome(JsonObject? error)
    {
        if (error is null) return new ExecuteOutcome(false, "Error", "the cell failed");
        var traceback = (error["traceback"] as JsonArray)?.Select(t => (string?)t ?? "").ToList() ?? [];
        return new ExecuteOutcome(false, (string?)error["ename"] ?? "Error", (string?)error["evalue"] ?? "", traceback);
    }

    private static void Forward(OutputEvent e, IKernelOutput output)
    {
        var o = e.Output;
        var data = o["data"] as JsonObject ?? [];
        var metadata = o["metadata"] as JsonObject ?? [];
        switch ((string?)o["output_type"])
        {
            case "stream":
                output.Stream((string?)o["name"] ?? "stdout", NotebookFile.JoinLines(o["text"]));
                break;
            case "display_data" when e.IsUpdate && e.DisplayId is not null:
                output.UpdateDisplayData(Clone(data), Clone(metadata), e.DisplayId);
                break;
            case "display_data":
                output.DisplayData(Clone(data), Clone(metadata), e.DisplayId);
                break;
            case "execute_result":
                output.ExecuteResult(Clone(data), Clone(metadata));
                break;
            case "clear_output":
                output.ClearOutput((bool?)o["wait"] ?? false);
                break;
            // "error" outputs reach the front end through the execute outcome (an error message and the reply).
        }
    }

    private static JsonObject Clone(JsonObject o) => o.DeepClone().AsObject();

    public Task<CompletionResult> CompleteAsync(string code, int cursor) => language.CompleteAsync(code, cursor);

    public Task<InspectionResult> InspectAsync(string code, int cursor, int detailLevel) => language.InspectAsync(code, cursor, detailLevel);

    public IsCompleteResult IsComplete(string code) => CSharpLanguageService.IsComplete(code);

    public async Task<JsonObject> EvaluateAsync(string expression, CancellationToken cancel)
    {
        var capture = new CapturingOutput();
        var outcome = await ExecuteAsync(expression, capture, cancel);
        if (!outcome.Ok) throw new InvalidOperationException($"{outcome.EName}: {outcome.EValue}");
        return capture.Result ?? new JsonObject { ["text/plain"] = "" };
    }

    public void Dispose() => language.Dispose();

    private sealed class CapturingOutput : IKernelOutput
    {
        public JsonObject? Result { get; private set; }
        public void Stream(string name, string text) { }
        public void DisplayData(JsonObject data, JsonObject metadata, string? displayId) { }
        public void UpdateDisplayData(JsonObject data, JsonObject metadata, string displayId) { }
        public void ExecuteResult(JsonObject data, JsonObject metadata) => Result = data;
        public void ClearOutput(bool wait) { }
        public string? RequestInput(string prompt, bool password) => null;
        public string? Client => null;
    }
}
