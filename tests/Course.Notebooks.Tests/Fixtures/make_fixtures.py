# Writes the fixture notebooks (run once; the .ipynb files are committed). Each cell: (type, source, tags).
import json, hashlib

def nb(cells, meta_extra=None):
    out = []
    for i, (kind, src, tags) in enumerate(cells):
        c = {"cell_type": kind, "id": hashlib.md5((src + str(i)).encode()).hexdigest()[:8],
             "metadata": {}, "source": src.splitlines(True)}
        if tags: c["metadata"]["tags"] = tags
        if kind == "code":
            c["metadata"]["dotnet_interactive"] = {"language": "csharp"}
            c["metadata"]["polyglot_notebook"] = {"kernelName": "csharp"}
            c["execution_count"] = None; c["outputs"] = []
        out.append(c)
    meta = {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
            "language_info": {"name": "polyglot-notebook"},
            "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}}
    meta.update(meta_extra or {})
    return {"cells": out, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}

def code(s, *tags): return ("code", s, list(tags))
def md(s): return ("markdown", s, [])

fixtures = {
 "display.ipynb": nb([
   md("# Display API\nEvery way a cell can show something."),
   code("#!csharp\nConsole.WriteLine(\"to stdout\");\nConsole.Error.WriteLine(\"to stderr\");"),
   code("display(\"shown text\");\ndisplay(HTML(\"<b>bold</b>\"));\n\"<i>as html</i>\".DisplayAs(\"text/html\");"),
   code("var progress = \"step 0\".Display();\nfor (var i = 1; i <= 3; i++) progress.Update($\"step {i}\");"),
   code("new { Name = \"x\", Value = 3 }.Display(\"text/plain\");\nglue(\"accuracy\", 0.97);\nglue(\"history\", new[] { 1, 2, 3 });"),
   code("HTML(\"<p>trailing html</p>\")"),
   code("6 * 7"),
 ]),
 "parameters.ipynb": nb([
   md("# Parameters"),
   code("var Epochs = 2;\nvar LearningRate = 0.1;\nvar Name = \"default\";", "parameters"),
   code("Console.WriteLine($\"{Epochs}|{LearningRate}|{Name}|{Epochs.GetType().Name}|{LearningRate.GetType().Name}\");"),
 ], {"labs": {"profiles": {"quick": {"Epochs": 1, "Name": "quick-from-metadata"}, "full": {"Epochs": 100}}}}),
 "no_parameters_cell.ipynb": nb([
   code("Console.WriteLine(Epochs);"),
 ]),
 "compile_error.ipynb": nb([
   code("var ok = 1;"),
   code("var a = 1;\nvar b = undefinedName + a;"),
   code("Console.WriteLine(\"not reached\");"),
 ]),
 "exception.ipynb": nb([
   code("var ok = 1;"),
   code("var a = 1;\n\nthrow new InvalidOperationException(\"boom in cell\");"),
   code("Console.WriteLine(\"after the error\");"),
 ]),
 "unknown_magic.ipynb": nb([
   code("#!fsharp\nlet x = 1"),
   code("#!nosuch --flag\nvar x = 1;"),
   code("#!time\nvar y = 2;"),
 ]),
 "timeout.ipynb": nb([
   code("Console.WriteLine(\"start\");"),
   code("var steps = 0;\nwhile (true) { CancellationToken.ThrowIfCancellationRequested(); steps++; System.Threading.Thread.Sleep(10); }", ),
   code("Console.WriteLine(\"not reached\");"),
 ]),
 "hang.ipynb": nb([
   code("while (true) { System.Threading.Thread.Sleep(50); }"),
 ]),
 "crash.ipynb": nb([
   code("Console.WriteLine(\"before the crash\");"),
   code("Environment.FailFast(\"fixture crash\");"),
 ]),
 "healthy.ipynb": nb([
   md("A healthy notebook."),
   code("var squares = Enumerable.Range(1, 4).Select(i => i * i).ToList();"),
   code("squares.Sum()"),
 ]),
 "environment.ipynb": nb([
   code("string.Join(\" \", new[] { \"DOTNET_GCgen0size\", \"MALLOC_MMAP_THRESHOLD_\", \"MALLOC_TRIM_THRESHOLD_\" }.Select(v => $\"{v}={Environment.GetEnvironmentVariable(v)}\"))"),
 ]),
 "nuget.ipynb": nb([
   code("#r \"nuget: Newtonsoft.Json, 13.0.3\"\nusing Newtonsoft.Json;\nJsonConvert.SerializeObject(new { a = 1 })"),
   code("#r \"nuget: Newtonsoft.Json, 13.0.3\"\nJsonConvert.SerializeObject(new[] { 2 })"),
   code("#r \"nuget: Newtonsoft.Json, 13.0.4\""),
 ]),
 "formatter.ipynb": nb([
   code("using Microsoft.DotNet.Interactive.Formatting;\npublic record Point(int X, int Y);\nFormatter.Register<Point>(p => $\"<svg data-x='{p.X}'></svg>\", \"text/html\");"),
   code("new Point(3, 4)"),
 ]),
}
for name, content in fixtures.items():
    with open(name, "w") as f:
        json.dump(content, f, indent=1); f.write("\n")
with open("parameters.profiles.json", "w") as f:
    json.dump({"quick": {"Epochs": 3, "Name": "quick-from-file"}}, f, indent=1); f.write("\n")
