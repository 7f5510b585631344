using Course.Notebooks.Output;
using Microsoft.AspNetCore.Html;

namespace Microsoft.DotNet.Interactive;

/// <summary>
/// The helpers of Polyglot's C# kernel under their names there (<c>Kernel.display</c>, <c>Kernel.HTML</c>,
/// <c>Kernel.Javascript</c>, <c>Kernel.CSS</c>, <c>Kernel.GetInputAsync</c>...). Every cell also sees them without the
/// class name, as Polyglot's <c>using static Microsoft.DotNet.Interactive.Kernel</c> made them.
/// </summary>
public static class Kernel
{
    /// <summary>Shows a value in the cell's outputs (in the given MIME types, default the formatter's preferred ones).</summary>
    public static DisplayedValue display(object? value, params string[] mimeTypes) => DisplayedValue.Show(value, mimeTypes);

    /// <summary>Marks text as HTML: displayed (or returned as a trailing value) it renders as text/html.</summary>
    public static IHtmlContent HTML(string content) => new HtmlString(content);

    /// <summary>Runs JavaScript in the front end: shows a text/html output holding the script, as Polyglot did.</summary>
    public static void Javascript(string scriptContent)
        => DisplayedValue.Show(new HtmlString(ScriptTag(scriptContent)), [MimeBundle.Html]);

    /// <summary>Adds a stylesheet to the front end's page (a script that appends a &lt;style&gt; element, as Polyglot did).</summary>
    public static void CSS(string content)
        => Javascript($$"""
            var css = `{{content.Replace("\\", "\\\\").Replace("`", "\\`")}}`,
            head = document.head || document.getElementsByTagName('head')[0],
            style = document.createElement('style');
            head.appendChild(style);
            style.type = 'text/css';
            if (style.styleSheet) { style.styleSheet.cssText = css; } else { style.appendChild(document.createTextNode(css)); }
            """);

    /// <summary>Marks text as Markdown: displayed (or returned as a trailing value) it renders as text/markdown.</summary>
    public static MarkdownString Markdown(string markdown) => new(markdown);

    /// <summary>Asks the user for a line of text (the kernel's input request); null when nobody can answer, as in a headless run.</summary>
    public static Task<string?> GetInputAsync(string prompt = "", string typeHint = "text")
        => Task.FromResult(CellContext.Current?.ReadInput(prompt, typeHint == "password"));

    /// <summary>Asks the user for a password: the front end hides what is typed.</summary>
    public static Task<PasswordString> GetPasswordAsync(string prompt = "")
        => Task.FromResult(new PasswordString(CellContext.Current?.ReadInput(prompt, password: true) ?? ""));

    /// <summary>A &lt;script&gt; element running the code.</summary>
    internal static string ScriptTag(string code) => $"<script type=\"text/javascript\">{code}</script>";
}

/// <summary>A password the user typed; its text is shown nowhere (ToString hides it).</summary>
public sealed class PasswordString(string password)
{
    /// <summary>The password as typed.</summary>
    public string GetClearTextPassword() => password;

    /// <summary>Never the password.</summary>
    public override string ToString() => "************";
}

/// <summary>Markdown text as a value: displayed as text/markdown (front ends render it).</summary>
[Course.Notebooks.Formatting.TypeFormatterSource(typeof(MarkdownFormatterSource), PreferredMimeTypes = [MimeType])]
public sealed class MarkdownString(string markdown)
{
    /// <summary>The Markdown MIME type.</summary>
    public const string MimeType = "text/markdown";

    /// <summary>The Markdown text.</summary>
    public override string ToString() => markdown;
}

/// <summary>text/markdown for <see cref="MarkdownString"/>.</summary>
internal sealed class MarkdownFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
        => [new Course.Notebooks.Formatting.ConventionFormatter(typeof(MarkdownString), MarkdownString.MimeType, v => v.ToString()!)];
}
