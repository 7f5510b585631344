using System.Text.Json.Nodes;
using Course.Kernel.Server;

namespace Course.Kernel.Tests;

/// <summary>
/// A session with a tiny command language, so the protocol can be tested apart from C#:
/// <c>print TEXT</c>, <c>warn TEXT</c>, <c>fail TEXT</c>, <c>show</c> (display + update), <c>clear</c>,
/// <c>count</c> (a per-session counter), <c>loop</c> (runs until interrupted), <c>ask PROMPT</c> (reads a line of input).
/// </summary>
public sealed class ScriptedSession : IKernelSession
{
    private int counter;
    public bool Disposed { get; private set; }

    public async Task<ExecuteOutcome> ExecuteAsync(string code, IKernelOutput output, CancellationToken cancel)
    {
        string[] parts = code.Split(' ', 2);
        string arg = parts.Length > 1 ? parts[1] : "";
        switch (parts[0])
        {
            case "print": output.Stream("stdout", arg + "\n"); break;
            case "warn": output.Stream("stderr", arg + "\n"); break;
            case "fail": return new ExecuteOutcome(false, "Error", arg, ["Error: " + arg]);
            case "show":
                output.DisplayData(new JsonObject { ["text/plain"] = "first" }, [], "d1");
                output.UpdateDisplayData(new JsonObject { ["text/plain"] = "second" }, [], "d1");
                break;
            case "clear": output.ClearOutput(false); break;
            case "ask": output.Stream("stdout", $"got {output.RequestInput(arg, false) ?? "nothing"}\n"); break;
            case "count":
                counter++;
                output.ExecuteResult(new JsonObject { ["text/plain"] = counter.ToString() }, []);
                break;
            case "loop":
                try
                {
                    while (true) await Task.Delay(20, cancel);
                }
                catch (OperationCanceledException) { return new ExecuteOutcome(false, "OperationCanceledException", "interrupted"); }
        }
        return ExecuteOutcome.Success;
    }

    public Task<CompletionResult> CompleteAsync(string code, int cursor)
    {
        int start = cursor;
        while (start > 0 && char.IsLetter(code[start - 1])) start--;
        string prefix = code[start..cursor];
        return Task.FromResult(new CompletionResult(new[] { "print", "warn", "fail" }.Where(w => w.StartsWith(prefix)).ToList(), start, cursor));
    }

    public Task<InspectionResult> InspectAsync(string code, int cursor, int detailLevel)
        => Task.FromResult(code.Contains("print") ? new InspectionResult(true, "print TEXT: writes TEXT to stdout") : new InspectionResult(false));

    public IsCompleteResult IsComplete(string code) => code.EndsWith('{') ? new IsCompleteResult("incomplete", "    ") : new IsCompleteResult("complete");

    public Task<JsonObject> EvaluateAsync(string expression, CancellationToken cancel)
        => Task.FromResult(new JsonObject { ["text/plain"] = expression.ToUpperInvariant() });

    public void Dispose() => Disposed = true;
}
