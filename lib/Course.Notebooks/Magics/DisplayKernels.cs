using System.Text.Json.Nodes;
using Course.Notebooks.Dialect;
using Course.Notebooks.Output;
using Markdig;

namespace Course.Notebooks.Magics;

/// <summary>
/// The parts of a cell that Polyglot ran in its display kernels: <c>#!html</c> (shown as text/html), <c>#!javascript</c>
/// (a script element in text/html), <c>#!markdown</c> (rendered to HTML with math, as Polyglot's Markdig pipeline) and
/// <c>#!value</c> (text stored by name and shown).
/// </summary>
public static class DisplayKernels
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseMathematics().UseAdvancedExtensions().Build();

    /// <summary>Runs a segment of one of these kernels; an error output, or null.</summary>
    public static JsonObject? Run(CellSegment segment, MagicContext context)
    {
        switch (segment.Kernel)
        {
            case KernelNames.Html:
                Show(segment.Text, MimeBundle.Html);
                return null;
            case KernelNames.JavaScript:
                Show(Microsoft.DotNet.Interactive.Kernel.ScriptTag(segment.Text), MimeBundle.Html);
                return null;
            case KernelNames.Markdown:
                Show(Markdown.ToHtml(segment.Text, Pipeline), MimeBundle.Html);
                return null;
            case KernelNames.Value:
                return StoreValue(segment, context);
            default:
                throw new ArgumentException($"{segment.Kernel} is not a display kernel.", nameof(segment));
        }
    }

    private static void Show(string text, string mimeType)
        => DisplayedValue.ShowBundle(new JsonObject { [mimeType] = text, [MimeBundle.PlainText] = text }, [mimeType]);

    private static JsonObject? StoreValue(CellSegment segment, MagicContext context)
    {
        var line = segment.FirstLine - 1;
        var magic = MagicLine.Parse(segment.Selector ?? "#!value", line);
        if (magic.Option("--name") is not { Length: > 0 } name)
            return context.Error(line, "DirectiveError", "#!value needs --name NAME (the name other cells use, e.g. #!set --name x --value @value:NAME).");
        var text = segment.Text;
        if (magic.Option("--from-url") is { } url)
            return context.Error(line, "DirectiveError", $"#!value --from-url {url}: this host does not download; save the file and use --from-file PATH.");
        if (magic.Option("--from-file") is { } file)
        {
            if (text.Trim().Length > 0)
                return context.Error(line, "DirectiveError", "#!value --from-file cannot be combined with text in the cell: remove one of them.");
            var path = Path.GetFullPath(Path.Combine(context.WorkingDirectory, file));
            if (!File.Exists(path))
                return context.Error(line, "FileNotFoundError", $"#!value --from-file {file}: {path} does not exist (paths are relative to the notebook's folder).");
            text = File.ReadAllText(path);
        }
        var mime = magic.Option("--mime-type") ?? MimeBundle.PlainText;
        context.Values.Set(name, text, mime);
        DisplayedValue.ShowBundle(new JsonObject { [mime] = MimeBundle.IsJsonMime(mime) ? TryParse(text) : text }, [mime]);
        return null;
    }

    private static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { return text; }
    }
}
