using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Course.Notebooks.Dialect;
using Course.Notebooks.Output;

namespace Course.Notebooks.Magics;

/// <summary>
/// The magic commands of Polyglot's C# kernel that make sense with one language: <c>#!time</c>, <c>#!who</c>,
/// <c>#!whos</c>, <c>#!about</c>, <c>#!lsmagic</c>, <c>#!set</c>, <c>#!share</c> and <c>#!import</c>. They run before the
/// cell's code, in order; <c>#!time</c> reports after it. An unknown one is an error, as in Polyglot.
/// </summary>
public static class MagicCommands
{
    /// <summary>Every magic command and kernel selector, with what it does (what <c>#!lsmagic</c> lists).</summary>
    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        ("#!about", "Shows this host's name and version."),
        ("#!import", "Runs the code cells of a notebook (.ipynb, .dib) or a C# file (.cs, .csx) in this session: #!import PATH."),
        ("#!lsmagic", "Lists the magic commands and kernels."),
        ("#!set", "Declares a C# variable: #!set --name x --value (@value:NAME | @csharp:NAME | @input:PROMPT | @password:PROMPT | TEXT) [--mime-type TYPE]."),
        ("#!share", "Declares a C# variable from another kernel's value: #!share --from value NAME [--as NEW_NAME]."),
        ("#!time", "Shows how long the rest of the cell took (wall time)."),
        ("#!who", "Lists the names of the C# variables."),
        ("#!whos", "Lists the C# variables with their types and values."),
        ("#!csharp", "Runs the lines below as C# (the default)."),
        ("#!html", "Shows the lines below as HTML."),
        ("#!javascript", "Runs the lines below as JavaScript in the front end."),
        ("#!markdown", "Shows the lines below as Markdown (with math)."),
        ("#!value", "Stores the lines below (or --from-file PATH) as text named --name NAME, with an optional --mime-type."),
    ];

    /// <summary>
    /// Runs the magics of a C# part before its code; returns an error output (the cell stops), or null, and what to do after
    /// the code ran (<c>#!time</c>'s report).
    /// </summary>
    public static async Task<(JsonObject? Error, Action? After)> RunAsync(IReadOnlyList<MagicLine> magics, MagicContext context)
    {
        Action? after = null;
        foreach (var magic in magics)
        {
            JsonObject? error = null;
            switch (magic.Name)
            {
                case "#!time":
                    var clock = Stopwatch.StartNew();
                    after += () => DisplayedValue.ShowBundle(new JsonObject { [MimeBundle.PlainText] = $"Wall time: {clock.Elapsed.TotalMilliseconds}ms" }, []);
                    break;
                case "#!who" or "#!whos":
                    Show(VariableTable(context.Variables(), detailed: magic.Name == "#!whos"));
                    break;
                case "#!about":
                    Show(About());
                    break;
                case "#!lsmagic":
                    Show(List());
                    break;
                case "#!set":
                    error = await SetAsync(magic, context);
                    break;
                case "#!share":
                    error = await ShareAsync(magic, context);
                    break;
                case "#!import":
                    error = magic.Arguments.Count == 1
                        ? await context.Import(MagicLine.Unquote(magic.Arguments[0]))
                        : context.Error(magic.Line, "DirectiveError", "#!import needs one path: #!import PATH (a .ipynb, .dib, .cs or .csx file).");
                    break;
                default:
                    error = KernelNames.Resolve(magic.Name[2..]) is { } kernel
                        ? Unsupported(kernel, magic.Line, context)
                        : context.Error(magic.Line, "DirectiveError",
                            $"Unknown magic command '{magic.Name}'. This host knows {string.Join(", ", All.Select(m => m.Name))} (#!lsmagic lists them); remove the line or write it in C#.");
                    break;
            }
            if (error is not null) return (error, null);
        }
        return (null, after);
    }

    /// <summary>The error for a part of a cell in a language this host does not run (F#, PowerShell, SQL...).</summary>
    public static JsonObject Unsupported(string kernel, int line, MagicContext context)
    {
        var language = KernelNames.Language(kernel);
        return context.Error(line, "UnsupportedLanguage",
            $"this cell is {language} (#!{kernel}); this host runs C# only, with HTML, JavaScript, Markdown and value cells. " +
            $"Rewrite it in C#, or run the notebook in a host that has a {language} kernel; `labs run --continue-on-error` runs the other cells.");
    }

    private static void Show(string html) => DisplayedValue.ShowBundle(new JsonObject { [MimeBundle.Html] = html, [MimeBundle.PlainText] = html }, [MimeBundle.Html]);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Polyglot's <c>#!who</c> (the names) and <c>#!whos</c> (a table of name, type and value) markup.</summary>
    public static string VariableTable(IReadOnlyList<ScriptVariable> variables, bool detailed)
    {
        if (!detailed)
            return "<div>" + MimeBundle.Formatter.Format(variables.Select(v => v.Name + "\t ").ToArray(), MimeBundle.Html) + "</div>";
        var html = new StringBuilder("<table><thead><tr><th>Variable</th><th>Type</th><th>Value</th></tr></thead><tbody>");
        foreach (var v in variables)
            html.Append("<tr><td>").Append(Encode(v.Name)).Append("</td><td>").Append(MimeBundle.Formatter.Format(v.Type, MimeBundle.Html))
                .Append("</td><td><div class=\"dni-plaintext\"><pre>").Append(Encode(MimeBundle.Formatter.Format(v.Value, MimeBundle.PlainText)))
                .Append("</pre></div></td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    private static string About()
    {
        var assembly = typeof(MagicCommands).Assembly;
        var version = assembly.GetName().Version?.ToString() ?? "1.0";
        return "<table><tbody><tr><td style=\"line-height:.8em\">" +
               "<p style=\"font-size:1.5em\"><b>labs: the course's C# notebook host</b></p>" +
               "<p>Polyglot Notebooks' C# dialect and display API on Roslyn scripting, without .NET Interactive's kernel</p>" +
               $"<p><b>Version: </b>{Encode(version)}</p><p><b>.NET: </b>{Encode(Environment.Version.ToString())}</p>" +
               "</td></tr></tbody></table>";
    }

    private static string List()
    {
        var html = new StringBuilder("<div><h3>csharp kernel</h3><div>");
        foreach (var (name, description) in All)
            html.Append("<div style=\"text-indent:1.5em\"><pre><span style=\"text-indent:1.5em; color:#512bd4\">")
                .Append(Encode(name)).Append("</span></pre><div style=\"text-indent:3em\">").Append(Encode(description)).Append("</div></div>");
        return html.Append("</div></div>").ToString();
    }

    private static async Task<JsonObject?> SetAsync(MagicLine magic, MagicContext context)
    {
        if (magic.Option("--name") is not { Length: > 0 } name) return Missing("--name", magic, context);
        if (!magic.Options.TryGetValue("--value", out var raw) || raw is null) return Missing("--value", magic, context);
        object? value;
        if (raw.StartsWith('@'))
        {
            var colon = raw.IndexOf(':');
            var source = colon > 0 ? raw[1..colon] : raw[1..];
            var item = colon > 0 ? MagicLine.Unquote(raw[(colon + 1)..]) : "";
            switch (KernelNames.Resolve(source) ?? source)
            {
                case KernelNames.Value:
                    if (!context.Values.TryGet(item, out _, out _))
                        return context.Error(magic.Line, "DirectiveError", $"Value '{item}' not found in kernel value (store it first with #!value --name {item}).");
                    value = context.Values.AsValue(item);
                    break;
                case KernelNames.CSharp:
                    var variable = context.Variables().FirstOrDefault(v => v.Name == item);
                    if (variable is null) return context.Error(magic.Line, "DirectiveError", $"Value '{item}' not found in kernel csharp.");
                    value = variable.Value;
                    break;
                case "input" or "password":
                    var answer = context.Sink.ReadInput(item, password: source == "password");
                    if (answer is null)
                        return context.Error(magic.Line, "InputError", $"#!set --value @{source}: nobody can answer here (a headless run); give the value in the cell instead.");
                    value = source == "password" ? new Microsoft.DotNet.Interactive.PasswordString(answer) : answer;
                    break;
                default:
                    return Unsupported(KernelNames.Resolve(source) ?? source, magic.Line, context);
            }
        }
        else value = raw;   // as written, quotes included, as Polyglot's #!set does
        if (magic.Option("--mime-type") is { } mime && value is not null && value is not string)
            value = MimeBundle.Formatter.Format(value, mime);
        return await context.Declare(name, value);
    }

    private static async Task<JsonObject?> ShareAsync(MagicLine magic, MagicContext context)
    {
        if (magic.Option("--from") is not { } from) return Missing("--from", magic, context);
        var name = magic.Option("--name") ?? magic.Arguments.Select(MagicLine.Unquote).FirstOrDefault();
        if (name is null) return Missing("--name", magic, context);
        var target = magic.Option("--as") ?? name;
        var set = new Dictionary<string, string?>(StringComparer.Ordinal) { ["--name"] = target, ["--value"] = $"@{from}:{name}" };
        if (magic.Options.TryGetValue("--mime-type", out var mime)) set["--mime-type"] = mime;
        return await SetAsync(new MagicLine("#!set", set, [], magic.Line), context);
    }

    private static JsonObject Missing(string option, MagicLine magic, MagicContext context)
        => context.Error(magic.Line, "DirectiveError", $"Missing required parameter '{option}' of {magic.Name}.");
}
