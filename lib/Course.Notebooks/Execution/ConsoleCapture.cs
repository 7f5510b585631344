using System.Text;

namespace Course.Notebooks.Execution;

/// <summary>
/// Routes Console.Out and Console.Error to the executing cell's stream outputs; outside a cell they reach the
/// process's own streams unchanged.
/// </summary>
public static class ConsoleCapture
{
    private static readonly object Gate = new();
    private static bool installed;

    /// <summary>The process's original standard output (for progress lines that must not enter a cell).</summary>
    public static TextWriter OriginalOut { get; private set; } = Console.Out;

    /// <summary>The process's original standard error.</summary>
    public static TextWriter OriginalError { get; private set; } = Console.Error;

    /// <summary>Installs the routing writers once per process.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (installed) return;
            installed = true;
            OriginalOut = Console.Out;
            OriginalError = Console.Error;
            Console.SetOut(new RoutingWriter("stdout", OriginalOut));
            Console.SetError(new RoutingWriter("stderr", OriginalError));
        }
    }

    private sealed class RoutingWriter(string stream, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (CellContext.Current is { } sink) sink.Stream(stream, value);
            else fallback.Write(value);
        }

        public override void WriteLine(string? value) => Write((value ?? "") + Environment.NewLine);

        public override void Flush() { if (CellContext.Current is null) fallback.Flush(); }
    }
}
