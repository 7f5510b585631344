using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using KernelInfo = Microsoft.DotNet.Interactive.Documents.KernelInfo;

// The original Polyglot C# kernel and document parser, as a test oracle (see PolyglotOracle.csproj).
//   run              stdin {"cells": ["code", ...]}  -> {"cells": [[event, ...], ...]}  (one C# session, cell after cell)
//   complete         stdin {"cells": [...], "code": "...", "cursor": N}  -> {"items": [{"label", "kind"}...]}
//   hover            stdin {"cells": [...], "code": "...", "cursor": N}  -> {"text": [{"mime", "value"}...]}
//   parse-dib FILE   -> the document: {"metadata": {...}, "elements": [{"kernel", "contents"}...]}
//   parse-ipynb FILE -> the same for a .ipynb
//   write-dib        stdin (the document as parse-* prints it) -> .dib text
// An event: {"type": "display"|"update"|"return"|"stdout"|"stderr"|"error"|"failed", "values": [{"mime", "value"}], "message"}.
Console.OutputEncoding = new UTF8Encoding(false);
var command = args.Length > 0 ? args[0] : "";
switch (command)
{
    case "run":
    {
        var request = JsonNode.Parse(Console.In.ReadToEnd())!;
        using var kernel = CreateKernel();
        var cells = new JsonArray();
        foreach (var code in request["cells"]!.AsArray())
            cells.Add(await Run(kernel, (string)code!));
        Print(new JsonObject { ["cells"] = cells });
        break;
    }
    case "complete" or "hover":
    {
        var request = JsonNode.Parse(Console.In.ReadToEnd())!;
        using var kernel = CreateKernel();
        foreach (var setup in request["cells"]?.AsArray() ?? [])
            await Run(kernel, (string)setup!);
        var code = (string)request["code"]!;
        var before = code[..(int)request["cursor"]!];
        var position = new LinePosition(before.Count(c => c == '\n'), before.Length - before.LastIndexOf('\n') - 1);
        if (command == "complete")
        {
            var result = await kernel.SendAsync(new RequestCompletions(code, position, "csharp"));
            var items = result.Events.OfType<CompletionsProduced>().SelectMany(e => e.Completions)
                .Select(c => (JsonNode)new JsonObject { ["label"] = c.DisplayText, ["kind"] = c.Kind, ["insert"] = c.InsertText });
            Print(new JsonObject { ["items"] = new JsonArray(items.ToArray()) });
        }
        else
        {
            var result = await kernel.SendAsync(new RequestHoverText(code, position, "csharp"));
            var text = result.Events.OfType<HoverTextProduced>().SelectMany(e => e.Content)
                .Select(v => (JsonNode)new JsonObject { ["mime"] = v.MimeType, ["value"] = v.Value });
            Print(new JsonObject { ["text"] = new JsonArray(text.ToArray()) });
        }
        break;
    }
    case "parse-dib" or "parse-ipynb":
    {
        using var stream = File.OpenRead(args[1]);
        var document = command == "parse-dib"
            ? CodeSubmission.Read(stream, KnownKernels())
            : Notebook.Read(stream, KnownKernels());
        Print(ToJson(document));
        break;
    }
    case "write-dib":
    {
        var json = JsonNode.Parse(Console.In.ReadToEnd())!;
        var document = new InteractiveDocument();
        foreach (var e in json["elements"]!.AsArray())
            document.Elements.Add(new InteractiveDocumentElement((string)e!["contents"]!, (string?)e["kernel"]));
        if (json["metadata"] is JsonObject metadata)
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(metadata.ToJsonString())!)
                document.Metadata[key] = value;
        using var stdout = Console.OpenStandardOutput();
        CodeSubmission.Write(document, stdout, KnownKernels());
        break;
    }
    default:
        Console.Error.WriteLine("usage: PolyglotOracle run|complete|hover|parse-dib FILE|parse-ipynb FILE|write-dib");
        return 2;
}
return 0;

// The C# side of dotnet-interactive's KernelBuilder (CSharpKernel with its helpers, #!who/#!whos, #!set) and the kernels
// of the served packages it composes with: #!html and #!value. (#!markdown, #!time and #!lsmagic lived in
// Microsoft.DotNet.Interactive.Jupyter, which is not served; #!about in the dotnet-interactive tool.)
static CompositeKernel CreateKernel()
{
    var kernel = new CompositeKernel();
    kernel.Add(new CSharpKernel().UseKernelHelpers().UseWho().UseValueSharing(), ["c#", "C#"]);
    kernel.Add(new HtmlKernel());
    kernel.Add(new KeyValueStoreKernel().UseWho());
    kernel.DefaultKernelName = "csharp";
    return kernel;
}

static KernelInfoCollection KnownKernels() =>
[
    new KernelInfo("csharp", "C#", aliases: ["c#", "C#"]),
    new KernelInfo("fsharp", "F#", aliases: ["f#", "F#"]),
    new KernelInfo("pwsh", "PowerShell", aliases: ["powershell"]),
    new KernelInfo("javascript", "JavaScript", aliases: ["js"]),
    new KernelInfo("html", "HTML"),
    new KernelInfo("sql", "SQL"),
    new KernelInfo("kql", "KQL"),
    new KernelInfo("mermaid", "Mermaid"),
    new KernelInfo("http", "HTTP"),
    new KernelInfo("value"),
];

async Task<JsonArray> Run(Kernel kernel, string code)
{
    var events = new JsonArray();
    var result = await kernel.SendAsync(new SubmitCode(code));
    foreach (var e in result.Events)
    {
        JsonObject? o = e switch
        {
            DisplayedValueUpdated u => Values("update", u.FormattedValues),
            DisplayedValueProduced d => Values("display", d.FormattedValues),
            ReturnValueProduced r => Values("return", r.FormattedValues),
            StandardOutputValueProduced s => Values("stdout", s.FormattedValues),
            StandardErrorValueProduced s => Values("stderr", s.FormattedValues),
            ErrorProduced err => new JsonObject { ["type"] = "error", ["message"] = err.Message },
            CommandFailed f => new JsonObject { ["type"] = "failed", ["message"] = f.Message },
            _ => null,
        };
        if (o is not null) events.Add(o);
    }
    return events;
}

JsonObject Values(string type, IReadOnlyCollection<FormattedValue> values) => new()
{
    ["type"] = type,
    ["values"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["mime"] = v.MimeType, ["value"] = v.Value }).ToArray()),
};

static JsonObject ToJson(InteractiveDocument document) => new()
{
    ["metadata"] = JsonNode.Parse(JsonSerializer.Serialize(document.Metadata)),
    ["elements"] = new JsonArray(document.Elements.Select(e => (JsonNode)new JsonObject
    {
        ["kernel"] = e.KernelName,
        ["contents"] = e.Contents,
        ["outputs"] = e.Outputs.Count,
    }).ToArray()),
};

static void Print(JsonNode node) => Console.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
