using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Course.Notebooks.Rendering;

/// <summary>A minimal Markdown to HTML renderer for report pages: headings, paragraphs, lists, code, emphasis, links; HTML passes through.</summary>
public static partial class Markdown
{
    /// <summary>Renders Markdown text as HTML.</summary>
    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var paragraph = new List<string>();
        var inList = false;
        var inCode = false;
        void FlushParagraph()
        {
            if (paragraph.Count > 0) html.Append("<p>").Append(Inline(string.Join(' ', paragraph))).Append("</p>\n");
            paragraph.Clear();
        }
        void CloseList()
        {
            if (inList) html.Append("</ul>\n");
            inList = false;
        }
        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph(); CloseList();
                html.Append(inCode ? "</code></pre>\n" : "<pre><code>");
                inCode = !inCode;
                continue;
            }
            if (inCode) { html.Append(WebUtility.HtmlEncode(raw)).Append('\n'); continue; }
            if (line.Length == 0) { FlushParagraph(); CloseList(); continue; }
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                FlushParagraph(); CloseList();
                var level = heading.Groups[1].Length;
                html.Append($"<h{level}>{Inline(heading.Groups[2].Value)}</h{level}>\n");
                continue;
            }
            var item = ListItem().Match(line);
            if (item.Success)
            {
                FlushParagraph();
                if (!inList) html.Append("<ul>\n");
                inList = true;
                html.Append("<li>").Append(Inline(item.Groups[1].Value)).Append("</li>\n");
                continue;
            }
            paragraph.Add(line.Trim());
        }
        FlushParagraph(); CloseList();
        if (inCode) html.Append("</code></pre>\n");
        return html.ToString();
    }

    private static string Inline(string text)
    {
        // Raw HTML in Markdown is kept (notebooks use <span>, <img>); only code spans are escaped.
        var s = Code().Replace(text, m => "<code>" + WebUtility.HtmlEncode(m.Groups[1].Value) + "</code>");
        s = Bold().Replace(s, "<strong>$1</strong>");
        s = Italic().Replace(s, "<em>$1</em>");
        s = Link().Replace(s, "<a href=\"$2\">$1</a>");
        return s;
    }

    [GeneratedRegex("^(#{1,6})\\s+(.*)$")] private static partial Regex Heading();
    [GeneratedRegex("^\\s*(?:[-*+]|\\d+\\.)\\s+(.*)$")] private static partial Regex ListItem();
    [GeneratedRegex("`([^`]+)`")] private static partial Regex Code();
    [GeneratedRegex("\\*\\*([^*]+)\\*\\*")] private static partial Regex Bold();
    [GeneratedRegex("(?<![*\\w])\\*([^*]+)\\*(?!\\*)")] private static partial Regex Italic();
    [GeneratedRegex("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)")] private static partial Regex Link();
}
