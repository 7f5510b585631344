using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Course.Notebooks.Rendering;

/// <summary>
/// Markdown to HTML for the pages the tools write, with Markdig (CommonMark, pipe and grid tables, numbered and
/// lettered lists, task lists, footnotes, autolinks, strikethrough) and <c>$...$</c>/<c>$$...$$</c> math typeset to
/// MathML by <see cref="MathMl"/>. Raw HTML in the markdown is kept only through <see cref="HtmlSafety.Sanitize"/>.
/// </summary>
public static class MarkdownHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseGridTables().UseListExtras().UseTaskLists().UseFootnotes().UseAutoLinks().UseEmphasisExtras()
        .UseMathematics()
        .Build();

    /// <summary>The markdown as sanitized HTML.</summary>
    public static string ToHtml(string markdown)
    {
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.ReplaceOrAdd<HtmlMathInlineRenderer>(new MathInlineRenderer());
        renderer.ObjectRenderers.ReplaceOrAdd<HtmlMathBlockRenderer>(new MathBlockRenderer());
        renderer.Render(Markdown.Parse(FenceDisplayMath(markdown), Pipeline));
        writer.Flush();
        return HtmlSafety.Sanitize(writer.ToString());
    }

    /// <summary>
    /// Display math that starts a line with <c>$$</c> and ends a later line with <c>$$</c> (as Jupyter notebooks write it)
    /// becomes a fenced math block, which Markdig's inline math, kept to one line, would otherwise leave as text.
    /// Code fences are left alone.
    /// </summary>
    private static string FenceDisplayMath(string markdown)
    {
        if (!markdown.Contains("$$", StringComparison.Ordinal)) return markdown;
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var result = new List<string>();
        bool code = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal)) code = !code;
            int end = -1;
            if (!code && line.StartsWith("$$", StringComparison.Ordinal) && line.Trim() != "$$" && !line.TrimEnd().EndsWith("$$", StringComparison.Ordinal))
                for (int j = i + 1; j < lines.Length && j < i + 50 && lines[j].Trim().Length > 0; j++)
                    if (lines[j].TrimEnd().EndsWith("$$", StringComparison.Ordinal)) { end = j; break; }
            if (end < 0) { result.Add(line); continue; }
            result.Add("$$");
            result.Add(line[2..]);
            result.AddRange(lines[(i + 1)..end]);
            result.Add(lines[end].TrimEnd()[..^2]);
            result.Add("$$");
            i = end;
        }
        return string.Join('\n', result);
    }

    private sealed class MathInlineRenderer : HtmlObjectRenderer<MathInline>
    {
        // $$...$$ within a line is display math too.
        protected override void Write(HtmlRenderer renderer, MathInline math) => renderer.Write(MathMl.Render(math.Content.ToString(), display: math.DelimiterCount >= 2));
    }

    private sealed class MathBlockRenderer : HtmlObjectRenderer<MathBlock>
    {
        protected override void Write(HtmlRenderer renderer, MathBlock math)
        {
            renderer.EnsureLine();
            renderer.Write("<div>").Write(MathMl.Render(math.Lines.ToString(), display: true)).WriteLine("</div>");
        }
    }
}
