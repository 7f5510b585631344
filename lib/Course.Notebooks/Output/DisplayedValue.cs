using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Notebooks.Output;

/// <summary>A value shown with <c>display</c>/<c>Display()</c>; <see cref="Update"/> replaces that output in place.</summary>
public sealed class DisplayedValue
{
    private readonly JsonObject? output;
    private readonly CellOutputSink? sink;
    private readonly IReadOnlyList<string> mimeTypes;

    private DisplayedValue(JsonObject? output, CellOutputSink? sink, IReadOnlyList<string> mimeTypes)
    {
        this.output = output;
        this.sink = sink;
        this.mimeTypes = mimeTypes;
    }

    /// <summary>The display id naming this output (sent as update_display_data by the kernel).</summary>
    public string DisplayId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Shows <paramref name="value"/> in the current cell; outside a cell it is written to standard output.</summary>
    public static DisplayedValue Show(object? value, IReadOnlyList<string> mimeTypes) => ShowBundle(MimeBundle.Of(value, mimeTypes), mimeTypes);

    /// <summary>Shows an already formatted MIME bundle (e.g. text the notebook gave as one MIME type).</summary>
    public static DisplayedValue ShowBundle(JsonObject data, IReadOnlyList<string> mimeTypes)
    {
        var sink = CellContext.Current;
        if (sink is null)
        {
            ConsoleCapture.OriginalOut.WriteLine(NotebookFile.JoinLines(data[MimeBundle.PlainText] ?? data.FirstOrDefault().Value));
            return new DisplayedValue(null, null, mimeTypes);
        }
        var output = Outputs.DisplayData(data);
        var shown = new DisplayedValue(output, sink, mimeTypes);
        sink.Add(output, shown.DisplayId);
        return shown;
    }

    /// <summary>Replaces the displayed output with <paramref name="value"/>, formatted with the same MIME types.</summary>
    public void Update(object? value)
    {
        if (output is null || sink is null) return;
        sink.Update(output, MimeBundle.Of(value, mimeTypes), DisplayId);
    }
}
