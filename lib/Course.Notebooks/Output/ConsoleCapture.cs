using System.Text;

namespace Course.Notebooks.Output;

/// <summary>
/// Routes Console.Out and Console.Error to the executing cell's stream outputs, and Console.In to the cell's input
/// (the kernel asks the front end with an input_request); outside a cell they reach the process's own streams unchanged.
/// </summary>
public static class ConsoleCapture
{
    private static readonly object Gate = new();
    private static bool installed;

    /// <summary>The process's original standard output (for progress lines that must not enter a cell).</summary>
    public static TextWriter OriginalOut { get; private set; } = Console.Out;

    /// <summary>The process's original standard error.</summary>
    public static TextWriter OriginalError { get; private set; } = Console.Error;

    /// <summary>Installs the routing writers and reader once per process.</summary>
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
            Console.SetIn(new RoutingReader(Console.In));
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

    /// <summary>In a cell, each line comes from the cell's input (null: end of input); outside one, from the process.</summary>
    private sealed class RoutingReader(TextReader fallback) : TextReader
    {
        private string pending = "";

        public override string? ReadLine()
        {
            if (CellContext.Current is not { } sink) return fallback.ReadLine();
            if (pending.Length > 0)
            {
                var rest = pending.TrimEnd('\n');
                pending = "";
                return rest;
            }
            return sink.ReadInput("", password: false);
        }

        public override int Read()
        {
            if (CellContext.Current is not { } sink) return fallback.Read();
            if (pending.Length == 0)
            {
                if (sink.ReadInput("", password: false) is not { } line) return -1;
                pending = line + "\n";
            }
            var c = pending[0];
            pending = pending[1..];
            return c;
        }

        public override int Peek()
        {
            if (CellContext.Current is null) return fallback.Peek();
            return pending.Length > 0 ? pending[0] : -1;
        }

        public override string ReadToEnd()
        {
            if (CellContext.Current is null) return fallback.ReadToEnd();
            var text = new StringBuilder();
            for (var line = ReadLine(); line is not null; line = ReadLine()) text.Append(line).Append('\n');
            return text.ToString();
        }
    }
}
