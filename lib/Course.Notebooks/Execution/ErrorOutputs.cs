using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Course.Notebooks.Model;
using Microsoft.CodeAnalysis;

namespace Course.Notebooks.Execution;

/// <summary>Builds the <c>error</c> outputs of failed cells, naming the cell and the line within it.</summary>
public static class ErrorOutputs
{
    /// <summary>Compile errors: one traceback line per diagnostic.</summary>
    public static JsonObject Compilation(CellLabel cell, IReadOnlyList<Diagnostic> errors)
    {
        var lines = errors.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            return $"{cell}, line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}: error {d.Id}: {d.GetMessage()}";
        }).ToList();
        return Outputs.Error("CompilationError", lines[0], lines);
    }

    /// <summary>An exception thrown by the cell; the line is the innermost stack frame inside the cell.</summary>
    public static JsonObject Exception(CellLabel cell, Exception exception)
    {
        var e = Unwrap(exception);
        var line = LineInCell(e, cell);
        var where = line is null ? cell.ToString() : $"{cell}, line {line}";
        var traceback = new List<string> { $"{where}: {e.GetType().FullName}: {e.Message}" };
        traceback.AddRange((e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) && !l.StartsWith("--- End of stack trace", StringComparison.Ordinal)));
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            traceback.Add($"---> {inner.GetType().FullName}: {inner.Message}");
        return Outputs.Error(e.GetType().Name, $"{where}: {e.Message}", traceback);
    }

    /// <summary>A directive error (unknown magic, bad #r, failed restore).</summary>
    public static JsonObject Directive(CellLabel cell, int? line, string ename, string message)
    {
        var where = line is null ? cell.ToString() : $"{cell}, line {line}";
        return Outputs.Error(ename, $"{where}: {message}", [$"{where}: {ename}: {message}"]);
    }

    /// <summary>A cell cancelled after running past its timeout.</summary>
    public static JsonObject Timeout(CellLabel cell, TimeSpan timeout, bool stopped)
    {
        var message = $"{cell} ran past the per-cell timeout of {timeout.TotalSeconds:0.###} s and was cancelled" +
                      (stopped ? "." : "; it did not stop (observe CancellationToken in long loops), so the notebook's state was abandoned.") +
                      " Raise --timeout or use a smaller profile.";
        return Outputs.Error("TimeoutError", message, [message]);
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            if (e is TargetInvocationException { InnerException: { } t }) e = t;
            else if (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
            else return e;
        }
    }

    private static int? LineInCell(Exception e, CellLabel cell)
    {
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            var file = frame.GetFileName();
            if (file is not null && Path.GetFileName(file) == cell.FileName && frame.GetFileLineNumber() > 0)
                return frame.GetFileLineNumber();
        }
        return null;
    }
}
